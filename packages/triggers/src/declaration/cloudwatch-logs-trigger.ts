import { z } from 'zod'
import { resourceRefSchema } from './resource-ref.ts'

/** A subscription filter that sends a log group's matching events to the handler. */
export const cloudWatchLogsTriggerSchema = z.strictObject({
  type: z.literal('cloudwatch-logs'),
  logGroup: resourceRefSchema('logGroup'),
  filterName: z.string().regex(/^[^:*]{1,512}$/, {
    error: 'filterName is 1-512 characters without ":" or "*" (CloudWatch Logs rule)',
  }),
  /** An empty pattern forwards every log event. */
  filterPattern: z
    .string()
    .max(1024, { error: 'filterPattern is at most 1024 characters (CloudWatch Logs rule)' })
    .default(''),
})

export type CloudWatchLogsTriggerInput = z.input<typeof cloudWatchLogsTriggerSchema>
export type CloudWatchLogsTrigger = z.output<typeof cloudWatchLogsTriggerSchema>
