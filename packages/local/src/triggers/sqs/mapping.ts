import type { SQSClient } from '@aws-sdk/client-sqs'
import { pollSqsOnce, type SqsBatchReport } from '@repo/shared/harness'
import type { DeepReadonly, SqsTrigger } from '@repo/triggers'
import type { SQSEvent } from 'aws-lambda'

/** What one mapping has done so far (for `/_local/status`). */
export interface SqsMappingCounters {
  batches: number
  messages: number
  deleted: number
  /** Messages returned to the queue: named in batchItemFailures, or whole batches on an error. */
  returned: number
  functionErrors: number
  invalidResponses: number
  /** Messages received and not yet settled. */
  processing: number
}

export interface SqsMappingOptions {
  sqs: SQSClient
  queueUrl: string
  queueArn: string
  trigger: DeepReadonly<SqsTrigger>
  /** `--time-scale`: the batching window and the failed messages' visibility shrink by it. */
  timeScale: number
  /** Pollers, as Lambda's scale with the backlog; default the trigger's maximumConcurrency or 5. */
  pollers?: number
  invoke(event: SQSEvent): Promise<unknown>
  onBatch?(report: SqsBatchReport): void
  onError(error: Error): void
}

/** Lambda starts five pollers on a standard queue; locally that many is plenty. */
const DEFAULT_POLLERS = 5

/**
 * Lambda's SQS poller on the emulator: long-polls the queue, fills batches up to `batchSize`
 * within the batching window, invokes the function synchronously and applies its
 * ReportBatchItemFailures answer (the harness's `pollSqsOnce`). A failed message stays
 * invisible for the queue's visibility timeout (÷ time scale), and the queue's redrive policy
 * moves it to the DLQ after `maxReceiveCount` receives. Returns its counters and a stopper.
 */
export const startSqsMapping = (options: SqsMappingOptions) => {
  const controller = new AbortController()
  const counters: SqsMappingCounters = {
    batches: 0,
    messages: 0,
    deleted: 0,
    returned: 0,
    functionErrors: 0,
    invalidResponses: 0,
    processing: 0,
  }
  const { trigger, timeScale } = options
  const pollers = Math.max(1, options.pollers ?? trigger.maximumConcurrency ?? DEFAULT_POLLERS)
  const poll = async () => {
    while (!controller.signal.aborted) {
      try {
        const report = await pollSqsOnce(
          {
            sqs: options.sqs,
            queueUrl: options.queueUrl,
            queueArn: options.queueArn,
            batchSize: trigger.batchSize,
            maximumBatchingWindowMs: (trigger.maximumBatchingWindowInSeconds * 1000) / timeScale,
            // Short long-polls, so stopping never waits 20 s.
            waitTimeSeconds: 1,
            ...(timeScale !== 1 && {
              retryVisibilitySeconds: Math.ceil(trigger.visibilityTimeoutSeconds / timeScale),
            }),
            abortSignal: controller.signal,
          },
          async (event) => {
            counters.processing += event.Records.length
            try {
              return await options.invoke(event)
            } finally {
              counters.processing -= event.Records.length
            }
          },
        )
        if (report === undefined) continue
        counters.batches++
        counters.messages += report.messageIds.length
        counters.deleted += report.deletedIds.length
        counters.returned += report.failedIds.length
        if (report.outcome === 'error') counters.functionErrors++
        if (report.outcome === 'invalid-response') counters.invalidResponses++
        options.onBatch?.(report)
      } catch (error) {
        if (controller.signal.aborted) return
        options.onError(error instanceof Error ? error : new Error(String(error)))
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
  }
  const running = Array.from({ length: pollers }, poll)
  return {
    counters,
    pollers,
    stop: async () => {
      controller.abort()
      await Promise.allSettled(running)
    },
  }
}
