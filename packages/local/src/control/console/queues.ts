import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { planResources } from '../../emulators/resources.ts'
import type { LocalRuntime } from '../../function/runtime.ts'
import { RequestError } from '../../http/errors.ts'
import { isRecord } from './is-record.ts'

export type QueueGroup = 'application' | 'on-failure' | 'dead-letter'

export interface QueueView {
  name: string
  url: string
  arn: string
  group: QueueGroup
  usedBy: string[]
  roles: string[]
  /** Ready, delayed and in flight. */
  depth: number
  /** For a dead-letter queue: the queues whose redrive policy points here. */
  sources: string[]
}

/** A role a declaration (or the runner) gives a dead-letter queue. */
const DEAD_LETTER_ROLE = /dead.?letter|\bdlq\b/i

const deadLetterTarget = (attributes: Record<string, string>): string | undefined => {
  try {
    const policy = JSON.parse(attributes.RedrivePolicy ?? '') as { deadLetterTargetArn?: unknown }
    return typeof policy.deadLetterTargetArn === 'string' ? policy.deadLetterTargetArn : undefined
  } catch {
    return undefined
  }
}

/**
 * Every queue the declarations name, grouped: on-failure destinations (an async policy's
 * `onFailure`), dead-letter queues (another queue's RedrivePolicy targets it, or a declaration
 * calls it one) and application queues (the rest, the runner's own SNS delivery queues included).
 */
export const queueViews = (runtime: LocalRuntime): QueueView[] => {
  const { fauxqs } = runtime.emulators
  const planned = planResources(runtime.handlers).filter((resource) => resource.kind === 'queue')
  const inspected = new Map(planned.map((queue) => [queue.name, fauxqs.inspectQueue(queue.name)]))
  const sourcesOf = new Map<string, string[]>()
  for (const [name, queue] of inspected) {
    const target = queue && deadLetterTarget(queue.attributes)
    if (target) sourcesOf.set(target, [...(sourcesOf.get(target) ?? []), name])
  }
  return planned.map((queue) => {
    const found = inspected.get(queue.name)
    const arn = found?.arn ?? ''
    const sources = sourcesOf.get(arn) ?? []
    const group: QueueGroup = queue.roles.includes('on-failure')
      ? 'on-failure'
      : sources.length > 0 || queue.roles.some((role) => DEAD_LETTER_ROLE.test(role))
        ? 'dead-letter'
        : 'application'
    const messages = found?.messages
    return {
      name: queue.name,
      url: runtime.emulators.queueUrl(queue.name),
      arn,
      group,
      usedBy: queue.usedBy,
      roles: queue.roles,
      depth: messages
        ? messages.ready.length + messages.delayed.length + messages.inflight.length
        : 0,
      sources,
    }
  })
}

export const queueView = (runtime: LocalRuntime, name: string): QueueView => {
  const queue = queueViews(runtime).find((one) => one.name === name)
  if (!queue) throw new RequestError(404, `No declared queue "${name}".`)
  return queue
}

/** A queue's messages without receiving them (receive counts and visibility stay as they are). */
export const queueMessages = (runtime: LocalRuntime, name: string) => {
  queueView(runtime, name)
  const inspected = runtime.emulators.fauxqs.inspectQueue(name)
  if (!inspected) return []
  const { ready, delayed, inflight } = inspected.messages
  return [
    ...ready.map((message) => ({ message, state: 'ready' })),
    ...delayed.map((message) => ({ message, state: 'delayed' })),
    ...inflight.map(({ message }) => ({ message, state: 'in flight' })),
  ].map(({ message, state }) => ({
    messageId: message.messageId,
    state,
    sentAt: message.sentTimestamp,
    receiveCount: message.approximateReceiveCount,
    body: message.body,
    attributes: message.messageAttributes,
  }))
}

/** Receives until `messageId` turns up; every other message received on the way is released. */
const takeMessage = async (sqs: SQSClient, QueueUrl: string, messageId: string) => {
  for (let round = 0; round < 20; round++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    )
    const found = Messages.find((message) => message.MessageId === messageId)
    const others = Messages.filter((message) => message !== found)
    if (others.length > 0) await release(sqs, QueueUrl, others)
    if (found) return found
    if (Messages.length === 0) break
  }
  throw new RequestError(
    409,
    `Message ${messageId} is not available in the queue (gone, delayed or being received).`,
  )
}

const release = (sqs: SQSClient, QueueUrl: string, messages: Message[]) =>
  sqs.send(
    new ChangeMessageVisibilityBatchCommand({
      QueueUrl,
      Entries: messages.map((message, index) => ({
        Id: String(index),
        ReceiptHandle: message.ReceiptHandle ?? '',
        VisibilityTimeout: 0,
      })),
    }),
  )

/** The function and original event of an async destination record (`requestPayload`). */
const destinationRecordTarget = (runtime: LocalRuntime, body: string) => {
  let record: unknown
  try {
    record = JSON.parse(body)
  } catch {
    throw new RequestError(400, 'This message is not a destination record (not JSON).')
  }
  const context = isRecord(record) ? record.requestContext : undefined
  const arn = isRecord(context) ? context.functionArn : undefined
  const name = typeof arn === 'string' ? /:function:([^:]+)/.exec(arn)?.[1] : undefined
  if (!isRecord(record) || !Object.hasOwn(record, 'requestPayload') || !name)
    throw new RequestError(
      400,
      'This message is not a destination record (no requestPayload or functionArn).',
    )
  if (!runtime.handler(name)) throw new RequestError(404, `No local handler "${name}".`)
  return { handler: name, event: record.requestPayload }
}

/**
 * Redrives one message; it leaves its queue only once its next owner has it, so nothing is
 * lost. From an on-failure queue: the record's original event goes to its function (a direct
 * invoke); the message is deleted only if the function succeeds, otherwise released. From a
 * dead-letter queue: the message is sent back to its source queue, then deleted.
 */
export const redriveMessage = async (runtime: LocalRuntime, name: string, messageId: string) => {
  const queue = queueView(runtime, name)
  const { sqs } = runtime.emulators.clients
  if (queue.group === 'application')
    throw new RequestError(400, `${name} is an application queue: nothing to redrive it to.`)
  if (queue.group === 'dead-letter' && queue.sources.length !== 1)
    throw new RequestError(
      400,
      `${name} has ${queue.sources.length} source queues (by RedrivePolicy); redrive needs exactly one.`,
    )
  const message = await takeMessage(sqs, queue.url, messageId)
  const remove = () =>
    sqs.send(
      new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }),
    )
  try {
    if (queue.group === 'dead-letter') {
      const source = queue.sources[0] ?? ''
      const sent = await sqs.send(
        new SendMessageCommand({
          QueueUrl: runtime.emulators.queueUrl(source),
          MessageBody: message.Body ?? '',
          ...(message.MessageAttributes && { MessageAttributes: message.MessageAttributes }),
        }),
      )
      await remove()
      return { redriven: messageId, to: source, messageId: sent.MessageId }
    }
    const target = destinationRecordTarget(runtime, message.Body ?? '')
    const outcome = await runtime.invokeOnce(target.handler, target.event, undefined, {
      source: `redrive from ${name}`,
      async: false,
    })
    if (outcome.status !== 'success')
      throw new RequestError(
        409,
        `${target.handler} failed again (${outcome.error.errorType}: ${outcome.error.errorMessage}); the record stays in ${name}.`,
      )
    await remove()
    return { redriven: messageId, to: target.handler, requestId: outcome.awsRequestId }
  } catch (error) {
    await release(sqs, queue.url, [message])
    throw error
  }
}

export const purgeQueue = async (runtime: LocalRuntime, name: string) => {
  const queue = queueView(runtime, name)
  await runtime.emulators.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: queue.url }))
  return { purged: name }
}
