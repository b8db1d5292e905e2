import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { PublishCommand } from '@aws-sdk/client-sns'
import { SendMessageCommand } from '@aws-sdk/client-sqs'
import { triggersOfType } from '@repo/triggers'
import type { ALBEvent, S3Event, SNSEvent, SQSEvent } from 'aws-lambda'
import { localResourceName, planResources } from '../../emulators/resources.ts'
import type { LocalHandler } from '../../function/discover.ts'
import type { LocalRuntime } from '../../function/runtime.ts'
import { RequestError } from '../../http/errors.ts'
import type { RuleRouter } from '../../triggers/schedules/rule-router.ts'
import { isRecord } from './is-record.ts'

type TriggerKind = 'alb' | 's3' | 'sns' | 'sqs' | 'eventbridge'

/** Which trigger an event came from, by the shape AWS gives it; undefined for the others. */
export const triggerKindOf = (event: unknown): TriggerKind | undefined => {
  if (!isRecord(event)) return undefined
  if (typeof event.httpMethod === 'string' && isRecord(event.requestContext)) return 'alb'
  if (typeof event['detail-type'] === 'string') return 'eventbridge'
  const first = Array.isArray(event.Records) ? (event.Records[0] as unknown) : undefined
  if (!isRecord(first)) return undefined
  if (first.eventSource === 'aws:s3') return 's3'
  if (first.EventSource === 'aws:sns') return 'sns'
  if (first.eventSource === 'aws:sqs') return 'sqs'
  return undefined
}

export interface TriggerPathContext {
  runtime: LocalRuntime
  rules: RuleRouter
  /** The listener's own origin, where ALB requests go. */
  listener: string
  /** Bytes for the S3 objects an S3 event names (the event carries only their size). */
  objectBody?: string
}

/** S3 URL-encodes keys in events, spaces as '+'. */
const decodeS3Key = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '))

const sendAlb = async (event: ALBEvent, context: TriggerPathContext) => {
  const query = event.multiValueQueryStringParameters
    ? Object.entries(event.multiValueQueryStringParameters).flatMap(([name, values]) =>
        (values ?? []).map((value) => `${name}=${value}`),
      )
    : Object.entries(event.queryStringParameters ?? {}).map(([name, value]) => `${name}=${value}`)
  const headers = new Headers()
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value !== undefined) headers.set(name, value)
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {}))
    for (const value of values ?? []) headers.append(name, value)
  for (const name of ['host', 'content-length', 'connection', 'transfer-encoding'])
    headers.delete(name)
  const method = event.httpMethod.toUpperCase()
  const hasBody = method !== 'GET' && method !== 'HEAD' && event.body
  const response = await fetch(
    `${context.listener}${event.path}${query.length > 0 ? `?${query.join('&')}` : ''}`,
    {
      method,
      headers,
      ...(hasBody && {
        body: event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : event.body,
      }),
    },
  )
  return { sent: 'ALB request', status: response.status, body: await response.text() }
}

/**
 * What an S3 replay writes: the body given, else the object's current bytes again (a replay
 * must never overwrite a developer's file with nothing).
 */
const objectBody = async (
  s3: S3Client,
  Bucket: string,
  Key: string,
  context: TriggerPathContext,
) => {
  if (context.objectBody !== undefined) return { Body: context.objectBody }
  try {
    const current = await s3.send(new GetObjectCommand({ Bucket, Key }))
    return {
      Body: await (
        current.Body as { transformToByteArray(): Promise<Uint8Array> }
      ).transformToByteArray(),
      ...(current.ContentType && { ContentType: current.ContentType }),
    }
  } catch (error) {
    if ((error as Error).name !== 'NoSuchKey') throw error
    throw new RequestError(
      400,
      `s3://${Bucket}/${Key} does not exist: give the object's body to upload.`,
    )
  }
}

const sendS3 = async (event: S3Event, context: TriggerPathContext) => {
  const { s3 } = context.runtime.emulators.clients
  const done: string[] = []
  const declared = planResources(context.runtime.handlers)
  for (const record of event.Records) {
    const Bucket = record.s3.bucket.name
    if (!declared.some((resource) => resource.kind === 'bucket' && resource.name === Bucket))
      throw new RequestError(400, `No declared bucket "${Bucket}": the event must name one.`)
    const Key = decodeS3Key(record.s3.object.key)
    if (record.eventName.startsWith('ObjectRemoved'))
      await s3.send(new DeleteObjectCommand({ Bucket, Key }))
    else
      await s3.send(
        new PutObjectCommand({ Bucket, Key, ...(await objectBody(s3, Bucket, Key, context)) }),
      )
    done.push(`s3://${Bucket}/${Key}`)
  }
  return { sent: 'S3 writes', objects: done }
}

const sendSns = async (event: SNSEvent, handler: LocalHandler, context: TriggerPathContext) => {
  const [trigger] = triggersOfType(handler.declaration, 'sns')
  if (!trigger) throw new RequestError(400, `${handler.name} has no SNS trigger.`)
  const TopicArn = context.runtime.emulators.topicArn(
    localResourceName(handler.name, 'topic', trigger.topic),
  )
  const messageIds: (string | undefined)[] = []
  for (const { Sns } of event.Records) {
    const sent = await context.runtime.emulators.clients.sns.send(
      new PublishCommand({
        TopicArn,
        Message: Sns.Message,
        ...(Sns.Subject && { Subject: Sns.Subject }),
        MessageAttributes: Object.fromEntries(
          Object.entries(Sns.MessageAttributes ?? {}).map(([name, attribute]) => [
            name,
            attribute.Type === 'Binary'
              ? { DataType: 'Binary', BinaryValue: Buffer.from(attribute.Value, 'base64') }
              : { DataType: attribute.Type, StringValue: attribute.Value },
          ]),
        ),
      }),
    )
    messageIds.push(sent.MessageId)
  }
  return { sent: 'SNS publish', topicArn: TopicArn, messageIds }
}

const sendSqs = async (event: SQSEvent, handler: LocalHandler, context: TriggerPathContext) => {
  const [trigger] = triggersOfType(handler.declaration, 'sqs')
  if (!trigger) throw new RequestError(400, `${handler.name} has no SQS trigger.`)
  const QueueUrl = context.runtime.emulators.queueUrl(
    localResourceName(handler.name, 'queue', trigger.queue),
  )
  for (const record of event.Records)
    await context.runtime.emulators.clients.sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: record.body }),
    )
  return { sent: 'SQS messages', queueUrl: QueueUrl, count: event.Records.length }
}

const sendEventBridge = (
  event: Record<string, unknown>,
  handler: LocalHandler,
  context: TriggerPathContext,
) => {
  const matchedRules = context.rules.route(event)
  if (matchedRules.length > 0) return { sent: 'EventBridge put', matchedRules }
  // A schedule rule has no pattern: its tick goes to its target, as `fire` sends it.
  const schedule = context.rules.rules.find(
    (rule) => rule.handler === handler.name && rule.schedule,
  )
  if (event['detail-type'] === 'Scheduled Event' && schedule) {
    void context.runtime.invokeAsync(handler.name, event, `rule ${schedule.name}`)
    return { sent: 'EventBridge schedule target', matchedRules: [schedule.name] }
  }
  throw new RequestError(400, 'No EventBridge rule matches this event.')
}

/**
 * Sends `event` the way its trigger would deliver it, so the handler gets AWS's own event:
 * an ALB request to the listener, S3 writes, an SNS publish, SQS messages, an EventBridge put.
 */
export const sendThroughTrigger = async (
  handler: LocalHandler,
  event: unknown,
  context: TriggerPathContext,
): Promise<Record<string, unknown>> => {
  const kind = triggerKindOf(event)
  const declared = handler.declaration.triggers.map((trigger) => trigger.type)
  if (!kind || !declared.includes(kind))
    throw new RequestError(
      400,
      `This event is ${kind ? `a ${kind} event` : 'no ALB, S3, SNS, SQS or EventBridge event'}; ${handler.name} is triggered by ${declared.join(', ')}. Send it as a direct invoke instead.`,
    )
  switch (kind) {
    case 'alb':
      return sendAlb(event as ALBEvent, context)
    case 's3':
      return sendS3(event as S3Event, context)
    case 'sns':
      return sendSns(event as SNSEvent, handler, context)
    case 'sqs':
      return sendSqs(event as SQSEvent, handler, context)
    case 'eventbridge':
      return sendEventBridge(event as Record<string, unknown>, handler, context)
  }
}
