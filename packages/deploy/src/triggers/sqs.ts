import type { DeepReadonly, SqsTrigger } from '@repo/triggers'
import { Duration, Validations } from 'aws-cdk-lib'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import type { DeclaredResources } from '../resources/declared-resources.ts'

/**
 * The event source mapping: Lambda polls the queue and invokes the function with batches.
 * `ReportBatchItemFailures` is always on, so only the messages the handler names come back;
 * the queue's own visibility timeout and redrive policy (created from the same trigger when the
 * queue is a `ref`) decide when they return and when they stop. The role gets exactly what
 * polling needs (ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueAttributes,
 * GetQueueUrl) on this queue only.
 */
export const addSqsTrigger = (
  fn: IFunction,
  trigger: DeepReadonly<SqsTrigger>,
  index: number,
  resources: DeclaredResources,
): void => {
  const queue = resources.queue(trigger.queue)
  const mapping = fn.addEventSourceMapping(
    index === 0 ? 'SqsEventSource' : `SqsEventSource${index}`,
    {
      eventSourceArn: queue.queueArn,
      batchSize: trigger.batchSize,
      reportBatchItemFailures: true,
      ...(trigger.maximumBatchingWindowInSeconds > 0
        ? { maxBatchingWindow: Duration.seconds(trigger.maximumBatchingWindowInSeconds) }
        : {}),
      ...(trigger.maximumConcurrency !== undefined
        ? { maxConcurrency: trigger.maximumConcurrency }
        : {}),
    },
  )
  queue.grantConsumeMessages(fn)
  Validations.of(mapping).acknowledge({
    id: 'Serverless-LambdaEventSourceMappingDestination',
    reason:
      "An SQS mapping has no on-failure destination (Lambda supports them for streams and Kafka): failed messages return to the queue and its redrive policy moves them to the queue's dead-letter queue after maxReceiveCount receives.",
  })
}
