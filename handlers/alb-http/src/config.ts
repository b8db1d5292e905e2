// zod/mini, not zod: the same validation and messages without bundling the whole
// method-chaining API (about 450 kB minified) into every cold start.
import * as z from 'zod/mini'
import { ConfigError } from './errors.ts'

/** ALB refuses request bodies over 1 MB anyway; SQS messages stop at 1 MiB (256 KiB before 2025). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024
export const MAX_BODY_BYTES_CEILING = 256 * 1024

const environmentSchema = z.object({
  JOBS_QUEUE_URL: z.url({
    error:
      'must be the URL of the jobs SQS queue (https://sqs.<region>.amazonaws.com/<account>/<name>)',
  }),
  FILES_BUCKET: z.string({ error: 'must name the S3 bucket GET /objects/<key> reads from' }).check(
    z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      error: 'must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens',
    }),
  ),
  MAX_BODY_BYTES: z._default(
    z.coerce.number({ error: 'must be a whole number of bytes' }).check(
      z.int({ error: 'must be a whole number of bytes' }),
      z.minimum(1, { error: 'must be at least 1 byte' }),
      z.maximum(MAX_BODY_BYTES_CEILING, {
        error: `must be at most ${MAX_BODY_BYTES_CEILING} bytes (a job must fit one SQS message)`,
      }),
    ),
    DEFAULT_MAX_BODY_BYTES,
  ),
  PRESIGNED_URL_TTL_SECONDS: z._default(
    z.coerce
      .number({ error: 'must be a whole number of seconds' })
      .check(
        z.int({ error: 'must be a whole number of seconds' }),
        z.minimum(1, { error: 'must be at least 1 second' }),
        z.maximum(604_800, { error: 'must be at most 604800 seconds (7 days, the SigV4 limit)' }),
      ),
    300,
  ),
})

export interface Config {
  jobsQueueUrl: string
  filesBucket: string
  /** Requests whose decoded body is larger get 413. */
  maxBodyBytes: number
  /** How long the 302 to a large object stays valid. */
  presignedUrlTtlSeconds: number
}

const blankToUndefined = (env: NodeJS.ProcessEnv): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, value?.trim() ? value.trim() : undefined]),
  )

/** Reads the environment once, at cold start, and names every bad variable in one error. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = environmentSchema.safeParse(blankToUndefined(env))
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)')
      const shown =
        env[name] === undefined || env[name]?.trim() === '' ? 'is not set and' : `("${env[name]}")`
      return `  - ${name} ${shown} ${issue.message}`
    })
    throw new ConfigError(`alb-http cannot start; fix its environment:\n${lines.join('\n')}`)
  }
  const value = parsed.data
  return {
    jobsQueueUrl: value.JOBS_QUEUE_URL,
    filesBucket: value.FILES_BUCKET,
    maxBodyBytes: value.MAX_BODY_BYTES,
    presignedUrlTtlSeconds: value.PRESIGNED_URL_TTL_SECONDS,
  }
}
