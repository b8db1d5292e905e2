import { triggersOfType } from '@repo/triggers'
import type { LocalRuntime } from '../../function/runtime.ts'
import type { Output } from '../../output.ts'
import { type SqsMappingCounters, startSqsMapping } from './mapping.ts'
import { localQueueArn, sqsMappingQueues } from './queues.ts'

export interface WiredSqsMapping {
  handler: string
  queue: string
  deadLetters: string
  pollers: number
  counters: SqsMappingCounters
}

/** The mappings each runtime runs, for its status document (a runtime ends, its entry goes). */
const mappingsByRuntime = new WeakMap<LocalRuntime, WiredSqsMapping[]>()

export const wiredSqsMappings = (runtime: LocalRuntime): readonly WiredSqsMapping[] =>
  mappingsByRuntime.get(runtime) ?? []

/** One event source mapping per SQS trigger: returns the stoppers. */
export const wireSqsMappings = (
  runtime: LocalRuntime,
  options: { timeScale: number; output: Output },
): (() => Promise<void>)[] => {
  const wired: WiredSqsMapping[] = []
  mappingsByRuntime.set(runtime, wired)
  return runtime.handlers.flatMap((handler) =>
    triggersOfType(handler.declaration, 'sqs').map((trigger) => {
      const { queue, deadLetters } = sqsMappingQueues(handler.name, trigger)
      const mapping = startSqsMapping({
        sqs: runtime.emulators.clients.sqs,
        queueUrl: runtime.emulators.queueUrl(queue),
        queueArn: localQueueArn(queue),
        trigger,
        timeScale: options.timeScale,
        invoke: async (event) => {
          const outcome = await runtime.invokeOnce(handler.name, event, undefined, {
            source: 'sqs',
            async: false,
          })
          if (outcome.status !== 'success') throw new Error(outcome.error.errorMessage)
          return outcome.result
        },
        onBatch: (report) => {
          if (report.failedIds.length === 0) return
          options.output.line(
            handler.name,
            `SQS batch of ${report.messageIds.length}: ${report.failedIds.length} returned to ${queue} (${report.outcome})`,
            'warn',
          )
        },
        onError: (error) =>
          options.output.line(handler.name, `SQS polling: ${error.message}`, 'warn'),
      })
      wired.push({
        handler: handler.name,
        queue,
        deadLetters,
        pollers: mapping.pollers,
        counters: mapping.counters,
      })
      return mapping.stop
    }),
  )
}
