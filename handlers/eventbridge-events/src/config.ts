import { bucketName, keyPrefix, queueUrl, readEnvironment, wholeNumber } from '@repo/runtime'
import * as z from 'zod/mini'

const environment = z
  .object({
    UPLOADS_BUCKET: bucketName('the bucket holding processed/ summaries and reports'),
    NOTIFICATIONS_QUEUE_URL: queueUrl('the SQS queue for pipeline notifications'),
    RETENTION_DAYS: z._default(wholeNumber({ min: 1, max: 36_500, unit: 'days' }), 30),
    PROCESSED_PREFIX: z._default(keyPrefix(), 'processed/'),
    REPORTS_PREFIX: z._default(keyPrefix(), 'reports/'),
  })
  .check(
    // Reports must not live under the prefix we clean up, or housekeeping would delete them.
    z.refine(
      ({ PROCESSED_PREFIX: processed, REPORTS_PREFIX: reports }) =>
        !reports.startsWith(processed) && !processed.startsWith(reports),
      { path: ['REPORTS_PREFIX'], error: 'must not overlap PROCESSED_PREFIX' },
    ),
  )

export interface Config {
  /** Bucket whose `processedPrefix` is cleaned up and where reports are written. */
  uploadsBucket: string
  processedPrefix: string
  reportsPrefix: string
  /** Summaries older than this (relative to the scheduled tick) are deleted. */
  retentionDays: number
  /** Where pipeline state-change notifications go. */
  notificationsQueueUrl: string
}

/** Reads the environment once, at cold start; one ConfigError names every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<Config> => {
  const vars = readEnvironment(environment, env, { subject: 'eventbridge-events' })
  return Object.freeze({
    uploadsBucket: vars.UPLOADS_BUCKET,
    processedPrefix: vars.PROCESSED_PREFIX,
    reportsPrefix: vars.REPORTS_PREFIX,
    retentionDays: vars.RETENTION_DAYS,
    notificationsQueueUrl: vars.NOTIFICATIONS_QUEUE_URL,
  })
}
