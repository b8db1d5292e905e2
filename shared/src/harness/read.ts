import { GetObjectCommand } from '@aws-sdk/client-s3'
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs'
import type { SNSMessage } from 'aws-lambda'
import type { AsyncDestinationRecord, DeadLetterAttributes } from './destination-record.ts'
import { DestinationRecordParseError } from './errors.ts'
import type { LocalAws } from './local-aws.ts'

type AwsForQueues = Pick<LocalAws, 'clients' | 'queueUrl'>
type AwsForObjects = Pick<LocalAws, 'clients'>

export interface QueueMessage {
  messageId: string
  body: string
  /** String message attributes by name. */
  attributes: Record<string, string>
}

export interface ReadQueueOptions {
  /** Leave the messages on the queue (visible again) instead of deleting them. */
  keep?: boolean
}

const batches = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  )

/** `name` is a queue declared in `startLocalAws`, or a queue URL. */
const urlOf = (aws: AwsForQueues, queue: string) =>
  queue.startsWith('http') ? queue : aws.queueUrl(queue)

/**
 * Receives every message now on the queue, through the SDK, and deletes them (so the next
 * read sees only new ones) unless `keep` is set.
 */
export const readQueue = async (
  aws: AwsForQueues,
  queue: string,
  options: ReadQueueOptions = {},
): Promise<QueueMessage[]> => {
  const QueueUrl = urlOf(aws, queue)
  const received: Message[] = []
  for (;;) {
    const { Messages = [] } = await aws.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 30,
        MessageAttributeNames: ['All'],
      }),
    )
    if (Messages.length === 0) break
    received.push(...Messages)
  }
  for (const batch of batches(received, 10)) {
    const Entries = batch.map((message, index) => ({
      Id: String(index),
      ReceiptHandle: message.ReceiptHandle ?? '',
    }))
    await aws.clients.sqs.send(
      options.keep
        ? new ChangeMessageVisibilityBatchCommand({
            QueueUrl,
            Entries: Entries.map((entry) => ({ ...entry, VisibilityTimeout: 0 })),
          })
        : new DeleteMessageBatchCommand({ QueueUrl, Entries }),
    )
  }
  return received.map((message) => ({
    messageId: message.MessageId ?? '',
    body: message.Body ?? '',
    attributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        value.StringValue ?? '',
      ]),
    ),
  }))
}

/** Messages on the queue, visible or in flight, without receiving them (a probe for counts). */
export const countMessages = async (aws: AwsForQueues, queue: string): Promise<number> => {
  const { Attributes = {} } = await aws.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: urlOf(aws, queue),
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  )
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  )
}

/** The notifications an SNS topic delivered to a subscribed queue (not raw delivery). */
export const readSnsNotifications = async (
  aws: AwsForQueues,
  queue: string,
): Promise<SNSMessage[]> =>
  (await readQueue(aws, queue)).map((message) => JSON.parse(message.body) as SNSMessage)

const isDestinationRecord = (value: unknown): value is AsyncDestinationRecord => {
  const record = value as Partial<AsyncDestinationRecord> | null
  return record?.version === '1.0' && typeof record.requestContext?.requestId === 'string'
}

/** Async-invocation destination records on a queue (Lambda's on-failure / on-success shape). */
export const readDestinationRecords = async <TEvent = unknown, TResponse = unknown>(
  aws: AwsForQueues,
  queue: string,
): Promise<AsyncDestinationRecord<TEvent, TResponse>[]> =>
  (await readQueue(aws, queue)).map((message) => {
    const parsed: unknown = JSON.parse(message.body)
    if (!isDestinationRecord(parsed)) {
      throw new DestinationRecordParseError(
        `Message ${message.messageId} on ${queue} is not an async destination record (no version "1.0" / requestContext): ${message.body.slice(0, 200)}`,
      )
    }
    return parsed as AsyncDestinationRecord<TEvent, TResponse>
  })

export interface DeadLetter<TEvent> {
  event: TEvent
  attributes: DeadLetterAttributes
}

/** Events on a dead-letter queue: the original event as body, Lambda's error as attributes. */
export const readDeadLetters = async <TEvent = unknown>(
  aws: AwsForQueues,
  queue: string,
): Promise<DeadLetter<TEvent>[]> =>
  (await readQueue(aws, queue)).map((message) => ({
    event: JSON.parse(message.body) as TEvent,
    attributes: {
      RequestID: message.attributes.RequestID ?? '',
      ErrorCode: message.attributes.ErrorCode ?? '',
      ErrorMessage: message.attributes.ErrorMessage ?? '',
    },
  }))

export interface StoredObject {
  /** The body as UTF-8 text; use `bytes` for binary objects (gzip, zip, images). */
  body: string
  bytes: Uint8Array
  contentType?: string
  /** User metadata (`x-amz-meta-*`), keys lower-cased as S3 returns them. */
  metadata: Record<string, string>
  eTag?: string
  contentLength?: number
}

export const readObject = async (
  aws: AwsForObjects,
  bucket: string,
  key: string,
): Promise<StoredObject> => {
  const output = await aws.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  const bytes = (await output.Body?.transformToByteArray()) ?? new Uint8Array()
  return {
    body: Buffer.from(bytes).toString('utf8'),
    bytes,
    contentType: output.ContentType,
    metadata: output.Metadata ?? {},
    eTag: output.ETag,
    contentLength: output.ContentLength,
  }
}
