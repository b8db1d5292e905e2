import {
  type DeepReadonly,
  deadLetterQueueName,
  type SqsTrigger,
  sharedResourceName,
} from '@repo/triggers'
import { ACCOUNT_ID, REGION } from '../../emulators/emulators.ts'

/** A local queue's ARN, as fauxqs writes it (records' eventSourceARN, redrive targets). */
export const localQueueArn = (name: string): string => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`

export interface SqsMappingQueues {
  queue: string
  deadLetters: string
  queueAttributes: Record<string, string>
  deadLetterAttributes: Record<string, string>
}

/**
 * The queue an SQS trigger consumes and its dead-letter queue, named as deployed (a `ref` is
 * `<handler>-<kebab-ref>`, `.fifo` for FIFO; the DLQ `<queue>-dlq`) and created with what the
 * stack gives them: the declared visibility timeout and a redrive policy at `maxReceiveCount`
 * (fauxqs moves a message to the DLQ on the receive after that, as SQS does).
 */
export const sqsMappingQueues = (
  handler: string,
  trigger: DeepReadonly<SqsTrigger>,
): SqsMappingQueues => {
  const queue =
    'ref' in trigger.queue
      ? sharedResourceName(handler, trigger.queue.ref, { fifo: trigger.fifo })
      : trigger.queue.name
  const deadLetters = deadLetterQueueName(queue)
  const fifo: Record<string, string> = trigger.fifo ? { FifoQueue: 'true' } : {}
  return {
    queue,
    deadLetters,
    queueAttributes: {
      ...fifo,
      VisibilityTimeout: String(trigger.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: localQueueArn(deadLetters),
        maxReceiveCount: trigger.maxReceiveCount,
      }),
    },
    deadLetterAttributes: { ...fifo },
  }
}
