import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import type {
  SQSBatchResponse,
  SQSEvent,
  SQSMessageAttributes,
  SQSRecord,
  SQSRecordAttributes,
} from 'aws-lambda'

/** One SQS event source mapping, as Lambda runs it (ReportBatchItemFailures on). */
export interface SqsEventSourceOptions {
  sqs: SQSClient
  queueUrl: string
  /** The queue's ARN: each record's `eventSourceARN` (a FIFO queue's ends in `.fifo`). */
  queueArn: string
  /** 1-10000; default 10. */
  batchSize?: number
  /** How long to keep receiving to fill a batch; default 0 (one receive). */
  maximumBatchingWindowMs?: number
  /** Long poll of the first receive, 0-20 s; default 20, as Lambda's pollers. */
  waitTimeSeconds?: number
  /**
   * Lambda leaves a failed message invisible for the rest of the queue's visibility timeout.
   * Set this to shorten that wait (the local runner's `--time-scale`); undefined keeps the queue's.
   */
  retryVisibilitySeconds?: number
  abortSignal?: AbortSignal
}

/** What one poll did. */
export interface SqsBatchReport {
  /** The records the function got, in order. */
  messageIds: string[]
  /** Deleted: the function finished them. */
  deletedIds: string[]
  /** Left on the queue: named in batchItemFailures, or the whole batch on an error or a bad response. */
  failedIds: string[]
  /** `success`, `error` (the function failed: the whole batch returns) or `invalid-response`. */
  outcome: 'success' | 'error' | 'invalid-response'
  error?: unknown
}

const regionOf = (queueArn: string): string => queueArn.split(':')[3] ?? 'us-east-1'

const toLambdaAttributes = (message: Message): SQSMessageAttributes =>
  Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      {
        dataType: value.DataType ?? 'String',
        ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
        ...(value.BinaryValue !== undefined
          ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
          : {}),
        stringListValues: [],
        binaryListValues: [],
      },
    ]),
  )

/** A received message as the record Lambda puts in the event. */
export const sqsRecordFromMessage = (message: Message, queueArn: string): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: { ...(message.Attributes ?? {}) } as SQSRecordAttributes,
  messageAttributes: toLambdaAttributes(message),
  md5OfBody: message.MD5OfBody ?? '',
  ...(message.MD5OfMessageAttributes !== undefined
    ? { md5OfMessageAttributes: message.MD5OfMessageAttributes }
    : {}),
  eventSource: 'aws:sqs',
  eventSourceARN: queueArn,
  awsRegion: regionOf(queueArn),
})

/**
 * Up to `batchSize` messages: receives of at most 10 until the batch is full or the batching
 * window has passed. The first receive long-polls; later ones wait only what is left of the window.
 */
export const receiveSqsBatch = async (options: SqsEventSourceOptions): Promise<Message[]> => {
  const batchSize = options.batchSize ?? 10
  const windowMs = options.maximumBatchingWindowMs ?? 0
  const messages: Message[] = []
  const started = Date.now()
  let first = true
  while (messages.length < batchSize && !options.abortSignal?.aborted) {
    const left = started + windowMs - Date.now()
    if (!first && left <= 0) break
    const waitTimeSeconds = first
      ? (options.waitTimeSeconds ?? 20)
      : Math.min(20, Math.ceil(left / 1000))
    const { Messages = [] } = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      options.abortSignal ? { abortSignal: options.abortSignal } : {},
    )
    messages.push(...Messages)
    // Nothing came within the long poll: hand over what there is rather than wait again.
    if (first && messages.length === 0) break
    first = false
    if (windowMs === 0) break
  }
  return messages
}

/**
 * The failed message ids from a function's answer, as Lambda reads ReportBatchItemFailures: no
 * answer or an empty list means all succeeded; an itemIdentifier that is missing, empty or not
 * in the batch makes the answer invalid, and then the whole batch counts as failed.
 */
export const batchItemFailures = (
  response: unknown,
  messageIds: readonly string[],
): string[] | 'invalid' => {
  if (response === undefined || response === null) return []
  if (typeof response !== 'object') return 'invalid'
  const failures = (response as Partial<SQSBatchResponse>).batchItemFailures
  if (failures === undefined || failures === null) return []
  if (!Array.isArray(failures)) return 'invalid'
  const known = new Set(messageIds)
  const failed: string[] = []
  for (const failure of failures as unknown[]) {
    const id =
      typeof failure === 'object' && failure !== null
        ? (failure as { itemIdentifier?: unknown }).itemIdentifier
        : undefined
    if (typeof id !== 'string' || !known.has(id)) return 'invalid'
    failed.push(id)
  }
  return failed
}

const inChunksOf10 = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / 10) }, (_, index) =>
    items.slice(index * 10, index * 10 + 10),
  )

/**
 * Settles a batch the function has answered (or failed): deletes what it finished; the rest
 * stays in flight until the visibility timeout (or `retryVisibilitySeconds`) returns it, and the
 * queue's redrive policy counts the receive.
 */
export const settleSqsBatch = async (
  options: SqsEventSourceOptions,
  messages: readonly Message[],
  answer: { ok: true; response: unknown } | { ok: false; error: unknown },
): Promise<SqsBatchReport> => {
  const messageIds = messages.map((message) => message.MessageId ?? '')
  const failures = answer.ok ? batchItemFailures(answer.response, messageIds) : 'invalid'
  const failedIds = failures === 'invalid' ? messageIds : failures
  const failed = new Set(failedIds)
  const done = messages.filter((message) => !failed.has(message.MessageId ?? ''))
  for (const chunk of inChunksOf10(done)) {
    await options.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: chunk.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle ?? '',
        })),
      }),
    )
  }
  if (options.retryVisibilitySeconds !== undefined) {
    const returning = messages.filter((message) => failed.has(message.MessageId ?? ''))
    for (const chunk of inChunksOf10(returning)) {
      await options.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: chunk.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle ?? '',
            VisibilityTimeout: options.retryVisibilitySeconds,
          })),
        }),
      )
    }
  }
  return {
    messageIds,
    deletedIds: done.map((message) => message.MessageId ?? ''),
    failedIds,
    outcome: answer.ok ? (failures === 'invalid' ? 'invalid-response' : 'success') : 'error',
    ...(answer.ok ? {} : { error: answer.error }),
  }
}

/**
 * One turn of the mapping: receive a batch, invoke the function with it (synchronously; a
 * rejected promise is a function error), settle it. Undefined when the queue had nothing.
 */
export const pollSqsOnce = async (
  options: SqsEventSourceOptions,
  invokeFunction: (event: SQSEvent) => Promise<unknown>,
): Promise<SqsBatchReport | undefined> => {
  const messages = await receiveSqsBatch(options)
  if (messages.length === 0) return undefined
  const event: SQSEvent = {
    Records: messages.map((message) => sqsRecordFromMessage(message, options.queueArn)),
  }
  let answer: { ok: true; response: unknown } | { ok: false; error: unknown }
  try {
    answer = { ok: true, response: await invokeFunction(event) }
  } catch (error) {
    answer = { ok: false, error }
  }
  return settleSqsBatch(options, messages, answer)
}
