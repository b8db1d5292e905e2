import type { SNSEventRecord } from 'aws-lambda'
import type { Config } from './config.ts'

/** The type given to a message that carries an S3 event notification (S3 → SNS → Lambda). */
export const S3_MESSAGE_TYPE = 's3'

export interface Route {
  /** The message's type, if it has one. */
  type: string | undefined
  queueUrl: string
  /** True when the type had no route of its own. */
  catchAll: boolean
}

const parseObject = (text: string): Record<string, unknown> | undefined => {
  // Cheap check first: most plain-text messages are not JSON at all.
  if (!text.trimStart().startsWith('{')) return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** S3 notifications hold `Records` from `aws:s3`; the one-off setup test event holds `s3:TestEvent`. */
const isS3Notification = (message: Record<string, unknown>): boolean => {
  if (message.Event === 's3:TestEvent' && message.Service === 'Amazon S3') return true
  const records = message.Records
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every(
      (record) =>
        typeof record === 'object' &&
        record !== null &&
        (record as { eventSource?: unknown }).eventSource === 'aws:s3',
    )
  )
}

/**
 * The message's type: the `type` message attribute, else an S3 notification's `s3`, else a
 * `type` field of a JSON message. The attribute wins because publishers set it for routing
 * (and for subscription filter policies) on purpose.
 */
export const messageTypeOf = (record: SNSEventRecord): string | undefined => {
  const attribute = record.Sns.MessageAttributes?.type
  if (attribute && attribute.Type === 'String' && attribute.Value !== '') return attribute.Value
  const message = parseObject(record.Sns.Message ?? '')
  if (message === undefined) return undefined
  if (isS3Notification(message)) return S3_MESSAGE_TYPE
  return typeof message.type === 'string' && message.type !== '' ? message.type : undefined
}

export const routeOf = (record: SNSEventRecord, config: Config): Route => {
  const type = messageTypeOf(record)
  const queueUrl = type === undefined ? undefined : config.routes.get(type)
  return queueUrl === undefined
    ? { type, queueUrl: config.catchAllQueueUrl, catchAll: true }
    : { type, queueUrl, catchAll: false }
}
