import { z } from 'zod'
import { resourceRefSchema } from './resource-ref.ts'

const wholeNumber = (field: string, min: number, max: number, unit: string, rule: string) =>
  z
    .number()
    .int({ error: `${field} is a whole number ${unit}, ${min}-${max} (${rule})` })
    .min(min, { error: `${field} is ${min}-${max} ${unit} (${rule})` })
    .max(max, { error: `${field} is ${min}-${max} ${unit} (${rule})` })

/** AWS's advice, and what this repository enforces: a message must outlive a batch and its retries. */
export const VISIBILITY_TIMEOUT_FACTOR = 6

/**
 * An SQS event source mapping: Lambda polls the queue and invokes the function synchronously
 * with a batch. `ReportBatchItemFailures` is always on, so one failed message never sends the
 * whole batch back. The queue settings (visibility timeout, redrive to a dead-letter queue) are
 * declared here because they belong to the consumer: they follow from its timeout and its
 * tolerance for poison messages, and the stack that owns a `ref` queue creates it with them.
 */
export const sqsTriggerSchema = z
  .strictObject({
    type: z.literal('sqs'),
    /** `ref`: this handler's stack creates the queue, its DLQ and redrive policy; `name`: an existing queue. */
    queue: resourceRefSchema('queue'),
    /** FIFO queue: per-group order; batches hold at most 10 messages and have no batching window. */
    fifo: z.boolean().default(false),
    batchSize: wholeNumber('batchSize', 1, 10_000, 'messages', 'Lambda rule').default(10),
    maximumBatchingWindowInSeconds: wholeNumber(
      'maximumBatchingWindowInSeconds',
      0,
      300,
      'seconds',
      'Lambda rule',
    ).default(0),
    /** How many concurrent invocations this mapping may use (unset: up to the function's own limit). */
    maximumConcurrency: wholeNumber(
      'maximumConcurrency',
      2,
      1000,
      'invocations',
      'Lambda rule',
    ).optional(),
    /** The queue's VisibilityTimeout: at least 6 × the function timeout (checked on the declaration). */
    visibilityTimeoutSeconds: wholeNumber(
      'visibilityTimeoutSeconds',
      0,
      43_200,
      'seconds',
      'SQS rule',
    ),
    /** Receives before the redrive policy moves a message to the dead-letter queue. */
    maxReceiveCount: wholeNumber('maxReceiveCount', 1, 1000, 'receives', 'SQS rule').default(5),
  })
  .superRefine((trigger, context) => {
    const fifoName = 'name' in trigger.queue && trigger.queue.name.endsWith('.fifo')
    if ('name' in trigger.queue && fifoName !== trigger.fifo) {
      context.addIssue({
        code: 'custom',
        path: ['fifo'],
        message: fifoName
          ? `queue "${trigger.queue.name}" is a FIFO queue (its name ends in .fifo): set fifo: true`
          : `a FIFO queue's name ends in .fifo; "${trigger.queue.name}" is a standard queue`,
      })
    }
    if (trigger.fifo && trigger.batchSize > 10) {
      context.addIssue({
        code: 'custom',
        path: ['batchSize'],
        message: 'batchSize is at most 10 for a FIFO queue (Lambda rule)',
      })
    }
    if (trigger.fifo && trigger.maximumBatchingWindowInSeconds > 0) {
      context.addIssue({
        code: 'custom',
        path: ['maximumBatchingWindowInSeconds'],
        message: 'a FIFO queue has no batching window (Lambda rule): remove it or set 0',
      })
    }
    if (!trigger.fifo && trigger.batchSize > 10 && trigger.maximumBatchingWindowInSeconds < 1) {
      context.addIssue({
        code: 'custom',
        path: ['maximumBatchingWindowInSeconds'],
        message: `batchSize ${trigger.batchSize} is over 10, so maximumBatchingWindowInSeconds must be at least 1 (Lambda rule)`,
      })
    }
  })

export type SqsTriggerInput = z.input<typeof sqsTriggerSchema>
export type SqsTrigger = z.output<typeof sqsTriggerSchema>

/**
 * The issue for a queue whose messages reappear while a batch is still running (Lambda's
 * documented advice is 6 × the function timeout): `undefined` when the rule holds.
 */
export const visibilityTimeoutIssue = (
  trigger: Pick<SqsTrigger, 'visibilityTimeoutSeconds'>,
  functionTimeoutSeconds: number,
): string | undefined => {
  const minimum = VISIBILITY_TIMEOUT_FACTOR * functionTimeoutSeconds
  return trigger.visibilityTimeoutSeconds >= minimum
    ? undefined
    : `visibilityTimeoutSeconds ${trigger.visibilityTimeoutSeconds} is under ${VISIBILITY_TIMEOUT_FACTOR} × the function timeout (${functionTimeoutSeconds} s), so messages would reappear while a batch and its retries still run: use at least ${minimum}`
}
