import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { OutgoingMessage } from './batches.ts'
import { DeliveryError } from './errors.ts'

export interface RetryPolicy {
  /** Attempts per entry, the first included. */
  maxAttempts: number
  /** Wait before retry n (1-based): `baseDelayMs * 2^(n-1)`. */
  baseDelayMs: number
  sleep: (ms: number) => Promise<void>
}

export type SendResult = { ok: true; messageId: string } | { ok: false; error: DeliveryError }

/**
 * Sends one batch to one queue and retries only the entries SQS failed, while the failure is
 * SQS's (a sender fault, such as a message too large, fails the same way every time). A call
 * that throws fails every entry: the SDK has already retried throttling and network errors.
 */
export const sendBatchWithRetries = async (
  sqs: SQSClient,
  queueUrl: string,
  batch: readonly OutgoingMessage[],
  policy: RetryPolicy,
): Promise<Map<string, SendResult>> => {
  const results = new Map<string, SendResult>()
  let pending = [...batch]
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) await policy.sleep(policy.baseDelayMs * 2 ** (attempt - 2))
    let output: Awaited<ReturnType<typeof sendBatch>>
    try {
      output = await sendBatch(sqs, queueUrl, pending)
    } catch (error) {
      const failure = new DeliveryError(
        queueUrl,
        (error as Error).name,
        (error as Error).message,
        false,
      )
      for (const message of pending) results.set(message.id, { ok: false, error: failure })
      return results
    }
    for (const entry of output.Successful ?? []) {
      results.set(entry.Id ?? '', { ok: true, messageId: entry.MessageId ?? '' })
    }
    const retry: OutgoingMessage[] = []
    for (const entry of output.Failed ?? []) {
      const message = pending.find((candidate) => candidate.id === entry.Id)
      if (message === undefined) continue
      const error = new DeliveryError(
        queueUrl,
        entry.Code ?? 'Unknown',
        entry.Message ?? '',
        entry.SenderFault === true,
      )
      if (!error.senderFault && attempt < policy.maxAttempts) retry.push(message)
      else results.set(message.id, { ok: false, error })
    }
    pending = retry
  }
  return results
}

const sendBatch = (sqs: SQSClient, queueUrl: string, batch: readonly OutgoingMessage[]) =>
  sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: batch.map((message) => ({
        Id: message.id,
        MessageBody: message.body,
        MessageAttributes: message.attributes,
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.deduplicationId,
      })),
    }),
  )
