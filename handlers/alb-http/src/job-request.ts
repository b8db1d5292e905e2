// zod/mini keeps this schema out of the heavy method-chaining build (cold start).
import { jobTypeSchema } from '@repo/jobs'
import * as z from 'zod/mini'

/**
 * `POST /jobs` body. `type` becomes an SQS message attribute, so it is kept to characters every
 * consumer can filter on; `payload` must be a JSON object (not an array or a scalar). Unknown
 * top-level fields are refused so a typo ("paylod") fails loudly instead of dropping data.
 */
export const jobRequestSchema = z.strictObject({
  // The job-type rule lives with the message in @repo/jobs, which jobs-worker parses with.
  type: jobTypeSchema,
  payload: z.record(z.string(), z.unknown(), { error: 'payload must be a JSON object' }),
})

export type JobRequest = z.output<typeof jobRequestSchema>

/** What goes on the jobs queue: the request plus the id the client got back (@repo/jobs owns it). */
export type { JobMessage } from '@repo/jobs'
