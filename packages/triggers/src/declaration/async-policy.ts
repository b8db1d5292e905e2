import { z } from 'zod'
import { resourceRefSchema } from './resource-ref.ts'

export const defaultMaximumRetryAttempts = 2
export const defaultMaximumEventAgeInSeconds = 21_600

/** Lambda's EventInvokeConfig: what happens when an asynchronous invocation fails. */
export const asyncPolicySchema = z.strictObject({
  maximumRetryAttempts: z
    .number()
    .int({ error: 'maximumRetryAttempts is a whole number 0-2 (Lambda rule)' })
    .min(0, { error: 'maximumRetryAttempts is 0-2 (Lambda rule)' })
    .max(2, { error: 'maximumRetryAttempts is 0-2 (Lambda rule)' })
    .default(defaultMaximumRetryAttempts),
  maximumEventAgeInSeconds: z
    .number()
    .int({ error: 'maximumEventAgeInSeconds is a whole number of seconds, 60-21600 (Lambda rule)' })
    .min(60, { error: 'maximumEventAgeInSeconds is 60-21600 seconds (Lambda rule)' })
    .max(21_600, { error: 'maximumEventAgeInSeconds is 60-21600 seconds (Lambda rule)' })
    .default(defaultMaximumEventAgeInSeconds),
  /** Where Lambda sends the invocation record once retries or the age limit run out. */
  onFailure: z.strictObject({ queue: resourceRefSchema('queue') }).optional(),
})

export type AsyncPolicyInput = z.input<typeof asyncPolicySchema>
export type AsyncPolicy = z.output<typeof asyncPolicySchema>
