// zod/mini keeps the schema out of the method-chaining build (both handlers' cold start).
import * as z from 'zod/mini'

/** Job ids are ours (UUIDs from alb-http); the bound keeps a forged one out of keys and URLs. */
export const jobIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

/** A job type is also an SQS message attribute: characters every consumer can filter on. */
export const jobTypeSchema = z.string({ error: 'type must be a string' }).check(
  z.minLength(1, { error: 'type cannot be empty' }),
  z.maxLength(128, { error: 'type is at most 128 characters' }),
  z.regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, {
    error: 'type may contain letters, digits and . _ : / - and starts with a letter or digit',
  }),
)

/** What goes on the jobs queue: the accepted request plus the id the client got back. */
export const jobMessageSchema = z.strictObject(
  {
    jobId: z.string({ error: 'jobId must be a string' }).check(
      z.regex(jobIdPattern, {
        error: 'jobId is 1-128 letters, digits, "-" and "_", starting with a letter or digit',
      }),
    ),
    type: jobTypeSchema,
    payload: z.record(z.string(), z.unknown(), { error: 'payload must be a JSON object' }),
    acceptedAt: z.iso.datetime({ error: 'acceptedAt must be an ISO 8601 UTC timestamp' }),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field(s): ${issue.keys.join(', ')}`
        : 'a job message is a JSON object',
  },
)

export type JobMessage = z.output<typeof jobMessageSchema>

/** A queue message that is not a job: retrying cannot fix it, the redrive policy ends it. */
export class JobMessageError extends Error {
  override readonly name = 'JobMessageError'
  readonly problems: readonly string[]

  constructor(problems: readonly string[]) {
    super(`The message is not a job: ${problems.join('; ')}`)
    this.problems = problems
  }
}

/** Parses one SQS message body; every problem is named (a body is never echoed back whole). */
export const parseJobMessage = (body: string): JobMessage => {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    throw new JobMessageError([`the body is not JSON (${body.length} characters)`])
  }
  const result = z.safeParse(jobMessageSchema, value)
  if (!result.success) {
    throw new JobMessageError(
      result.error.issues.map((issue) =>
        issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
      ),
    )
  }
  return result.data
}
