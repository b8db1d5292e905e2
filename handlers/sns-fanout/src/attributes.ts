import type { MessageAttributeValue } from '@aws-sdk/client-sqs'
import type { SNSEventRecord } from 'aws-lambda'

/** SQS takes at most 10 message attributes per message. */
export const SQS_ATTRIBUTE_LIMIT = 10

export interface CarriedAttributes {
  attributes: Record<string, MessageAttributeValue>
  /** Publisher attributes left out for the limit (logged by the caller). */
  dropped: string[]
}

/**
 * SNS → SQS attribute types. SNS sends Binary as base64 text; SQS wants the bytes. SNS's
 * String.Array has no SQS equivalent, but SQS accepts custom types "String.<label>": the value
 * stays the JSON array text and the type name survives, as in SNS's own SQS delivery.
 */
export const toSqsAttribute = (type: string, value: string): MessageAttributeValue =>
  type === 'Binary' || type.startsWith('Binary.')
    ? { DataType: type, BinaryValue: Buffer.from(value, 'base64') }
    : { DataType: type, StringValue: value }

/**
 * The publisher's attributes first (in their order), then, while room is left, where the
 * message came from: `sns.MessageId` (for consumers' own de-duplication), `sns.TopicArn`
 * and `sns.Subject` (only when SNS sent one; it may be absent or null).
 */
export const carriedAttributes = (record: SNSEventRecord): CarriedAttributes => {
  // The publisher names these: no prototype, so `__proto__` is an attribute like any other.
  const attributes: Record<string, MessageAttributeValue> = Object.create(null)
  const dropped: string[] = []
  let count = 0
  for (const [name, attribute] of Object.entries(record.Sns.MessageAttributes ?? {})) {
    // SQS rejects empty values; SNS does not send them, but a hand-made event might.
    if (attribute.Value === '' || attribute.Value === undefined || attribute.Value === null)
      continue
    if (count === SQS_ATTRIBUTE_LIMIT) {
      dropped.push(name)
      continue
    }
    attributes[name] = toSqsAttribute(attribute.Type, attribute.Value)
    count++
  }
  const subject: unknown = record.Sns.Subject
  const origin: [string, string | undefined][] = [
    ['sns.MessageId', record.Sns.MessageId],
    ['sns.TopicArn', record.Sns.TopicArn],
    ['sns.Subject', typeof subject === 'string' && subject !== '' ? subject : undefined],
  ]
  for (const [name, value] of origin) {
    if (value === undefined || count === SQS_ATTRIBUTE_LIMIT || Object.hasOwn(attributes, name))
      continue
    attributes[name] = { DataType: 'String', StringValue: value }
    count++
  }
  return { attributes, dropped }
}
