import { bucketName, queueUrl, readEnvironment, tableName, wholeNumber } from '@repo/runtime'
import * as z from 'zod/mini'

/** ALB refuses request bodies over 1 MB anyway; SQS messages stop at 1 MiB (256 KiB before 2025). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024
export const MAX_BODY_BYTES_CEILING = 256 * 1024

const environment = z.object({
  JOBS_QUEUE_URL: queueUrl('the jobs SQS queue'),
  JOBS_TABLE_NAME: tableName('the jobs status table'),
  FILES_BUCKET: bucketName('the S3 bucket GET /objects/<key> reads from'),
  MAX_BODY_BYTES: z._default(
    wholeNumber({
      min: 1,
      max: MAX_BODY_BYTES_CEILING,
      unit: 'bytes (a job must fit one SQS message)',
    }),
    DEFAULT_MAX_BODY_BYTES,
  ),
  PRESIGNED_URL_TTL_SECONDS: z._default(
    wholeNumber({ min: 1, max: 604_800, unit: 'seconds (7 days, the SigV4 limit)' }),
    300,
  ),
})

export interface Config {
  jobsQueueUrl: string
  /** The job status records (@repo/jobs): `queued` on POST /jobs, read by GET /jobs/<id>. */
  jobsTableName: string
  filesBucket: string
  /** Requests whose decoded body is larger get 413. */
  maxBodyBytes: number
  /** How long the 302 to a large object stays valid. */
  presignedUrlTtlSeconds: number
}

/** Reads the environment once, at cold start; one ConfigError names every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<Config> => {
  const vars = readEnvironment(environment, env, { subject: 'alb-http' })
  return Object.freeze({
    jobsQueueUrl: vars.JOBS_QUEUE_URL,
    jobsTableName: vars.JOBS_TABLE_NAME,
    filesBucket: vars.FILES_BUCKET,
    maxBodyBytes: vars.MAX_BODY_BYTES,
    presignedUrlTtlSeconds: vars.PRESIGNED_URL_TTL_SECONDS,
  })
}
