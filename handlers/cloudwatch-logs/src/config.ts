import { bucketName, queueUrl, readEnvironment } from '@repo/runtime'
import * as z from 'zod/mini'

const environment = z.object({
  ARCHIVE_BUCKET: bucketName('the bucket batches are archived to'),
  ALERTS_QUEUE_URL: queueUrl('the standard SQS queue for error alerts'),
})

export interface Config {
  /** Where batches are archived as gzipped NDJSON. */
  archiveBucket: string
  /** Standard SQS queue that receives one message per error-level log event. */
  alertsQueueUrl: string
}

/** Reads the environment once, at cold start; one ConfigError names every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<Config> => {
  const vars = readEnvironment(environment, env, { subject: 'cloudwatch-logs' })
  return Object.freeze({
    archiveBucket: vars.ARCHIVE_BUCKET,
    alertsQueueUrl: vars.ALERTS_QUEUE_URL,
  })
}
