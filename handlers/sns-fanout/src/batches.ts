import type { MessageAttributeValue } from '@aws-sdk/client-sqs'

/** SendMessageBatch limits: 10 entries, and the sum of every body and attribute in one request. */
export const MAX_BATCH_ENTRIES = 10
/**
 * 256 KiB, the batch limit of every SQS queue until 2025 and of any queue whose
 * MaximumMessageSize is still 262144. Queues allowing 1 MiB accept this too.
 */
export const MAX_BATCH_BYTES = 262_144

export interface OutgoingMessage {
  /** Unique within one invocation; becomes the batch entry Id. */
  id: string
  queueUrl: string
  body: string
  attributes: Record<string, MessageAttributeValue>
  /** FIFO queues only. */
  groupId?: string
  deduplicationId?: string
}

/** Size as SQS counts it: body plus each attribute's name, type and value. */
export const messageBytes = (message: Pick<OutgoingMessage, 'body' | 'attributes'>): number => {
  let bytes = Buffer.byteLength(message.body)
  for (const [name, value] of Object.entries(message.attributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '')
    bytes +=
      value.BinaryValue !== undefined
        ? value.BinaryValue.byteLength
        : Buffer.byteLength(value.StringValue ?? '')
  }
  return bytes
}

/**
 * Splits messages for one queue into batches of at most 10 entries and `maxBytes`, in order.
 * A message alone over the limit gets a batch of its own; SQS then refuses that entry only.
 */
export const toBatches = (
  messages: readonly OutgoingMessage[],
  maxBytes = MAX_BATCH_BYTES,
): OutgoingMessage[][] => {
  const batches: OutgoingMessage[][] = []
  let current: OutgoingMessage[] = []
  let currentBytes = 0
  for (const message of messages) {
    const bytes = messageBytes(message)
    if (
      current.length > 0 &&
      (current.length === MAX_BATCH_ENTRIES || currentBytes + bytes > maxBytes)
    ) {
      batches.push(current)
      current = []
      currentBytes = 0
    }
    current.push(message)
    currentBytes += bytes
  }
  if (current.length > 0) batches.push(current)
  return batches
}
