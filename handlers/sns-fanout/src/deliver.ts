import type { SQSClient } from '@aws-sdk/client-sqs'
import { type OutgoingMessage, toBatches } from './batches.ts'
import { type RetryPolicy, sendBatchWithRetries } from './send-batch.ts'

export interface Delivered {
  queueUrl: string
  /** SQS's id for the message. */
  sqsMessageId: string
}

/** Sends every message, per queue in batches, and answers per message: where it went or why not. */
export const deliverAll = async (
  sqs: SQSClient,
  messages: readonly OutgoingMessage[],
  policy: RetryPolicy,
): Promise<Map<string, Delivered | Error>> => {
  const byQueue = Map.groupBy(messages, (message) => message.queueUrl)
  const outcomes = new Map<string, Delivered | Error>()
  await Promise.all(
    [...byQueue].flatMap(([queueUrl, queued]) =>
      toBatches(queued).map(async (batch) => {
        const results = await sendBatchWithRetries(sqs, queueUrl, batch, policy)
        for (const message of batch) {
          const result = results.get(message.id)
          outcomes.set(
            message.id,
            result === undefined
              ? new Error(`SQS answered nothing for entry ${message.id}`)
              : result.ok
                ? { queueUrl, sqsMessageId: result.messageId }
                : result.error,
          )
        }
      }),
    ),
  )
  return outcomes
}
