import { ConfigError } from './errors.ts'

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

type Environment = Record<string, string | undefined>

const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

/** Queue URLs are `<scheme>://<host>/<account>/<queue name>` (a local emulator's host included). */
export const isQueueUrl = (value: string): boolean => {
  try {
    const url = new URL(value)
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      /^\/[^/]+\/[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(url.pathname)
    )
  } catch {
    return false
  }
}

const prefix = (env: Environment, name: string, fallback: string, problems: string[]): string => {
  const value = env[name] ?? fallback
  if (value === '' || value.startsWith('/')) {
    problems.push(
      `${name} must be a non-empty S3 key prefix without a leading "/" (got "${value}")`,
    )
  }
  return value
}

/** Reads and checks every variable at once, so one failed cold start lists everything to fix. */
export const loadConfig = (env: Environment = process.env): Config => {
  const problems: string[] = []

  const uploadsBucket = env.UPLOADS_BUCKET ?? ''
  if (!bucketName.test(uploadsBucket)) {
    problems.push(
      uploadsBucket === ''
        ? 'UPLOADS_BUCKET is required: the bucket holding processed/ summaries'
        : `UPLOADS_BUCKET "${uploadsBucket}" is not a valid S3 bucket name`,
    )
  }

  const notificationsQueueUrl = env.NOTIFICATIONS_QUEUE_URL ?? ''
  if (!isQueueUrl(notificationsQueueUrl)) {
    problems.push(
      notificationsQueueUrl === ''
        ? 'NOTIFICATIONS_QUEUE_URL is required: the SQS queue URL for pipeline notifications'
        : `NOTIFICATIONS_QUEUE_URL "${notificationsQueueUrl}" is not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>)`,
    )
  }

  const retentionText = env.RETENTION_DAYS ?? '30'
  const retentionDays = Number(retentionText)
  if (!/^\d+$/.test(retentionText) || retentionDays < 1 || retentionDays > 36_500) {
    problems.push(
      `RETENTION_DAYS must be a whole number of days from 1 to 36500 (got "${retentionText}")`,
    )
  }

  const processedPrefix = prefix(env, 'PROCESSED_PREFIX', 'processed/', problems)
  const reportsPrefix = prefix(env, 'REPORTS_PREFIX', 'reports/', problems)
  // Reports must not live under the prefix we clean up, or housekeeping would delete them.
  if (reportsPrefix.startsWith(processedPrefix) || processedPrefix.startsWith(reportsPrefix)) {
    problems.push(
      `REPORTS_PREFIX "${reportsPrefix}" and PROCESSED_PREFIX "${processedPrefix}" must not overlap`,
    )
  }

  if (problems.length > 0) throw new ConfigError(problems)
  return { uploadsBucket, processedPrefix, reportsPrefix, retentionDays, notificationsQueueUrl }
}
