// zod/mini keeps this schema out of the heavy method-chaining build (cold start).
import * as z from 'zod/mini'

/**
 * `POST /jobs` body. `type` becomes an SQS message attribute, so it is kept to characters every
 * consumer can filter on; `payload` must be a JSON object (not an array or a scalar). Unknown
 * top-level fields are refused so a typo ("paylod") fails loudly instead of dropping data.
 */
export const jobRequestSchema = z.strictObject({
  type: z.string({ error: 'type must be a string' }).check(
    z.minLength(1, { error: 'type cannot be empty' }),
    z.maxLength(128, { error: 'type is at most 128 characters' }),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, {
      error: 'type may contain letters, digits and . _ : / - and starts with a letter or digit',
    }),
  ),
  payload: z.record(z.string(), z.unknown(), { error: 'payload must be a JSON object' }),
})

export type JobRequest = z.output<typeof jobRequestSchema>

/** What goes on the jobs queue: the request plus the id the client got back. */
export interface JobMessage extends JobRequest {
  jobId: string
  acceptedAt: string
}
