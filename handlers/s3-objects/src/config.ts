import { ConfigError } from './errors.ts'

export interface Config {
  /** Where summaries and replication alerts are sent. */
  resultsQueueUrl: string
  /** Idempotency records and the per-key sequencer marks (see sequencer-marks.ts). */
  idempotencyTableName: string
  /** Summaries go to `<summaryPrefix><key>.summary.json`, in the bucket of the object. */
  summaryPrefix: string
  /** One CSV record larger than this is refused, so a file without line breaks cannot fill memory. */
  maxRecordBytes: number
  /** How long a key's sequencer mark is kept after its last event. */
  sequencerRetentionSeconds: number
}

export interface TriggerFilter {
  prefix: string
  suffix: string
}

const DEFAULTS = {
  summaryPrefix: 'processed/',
  maxRecordBytes: 1024 * 1024,
  // Async events live at most 6 hours in Lambda's queue; a week leaves room for replays by hand.
  sequencerRetentionDays: 7,
}

const positiveInteger = (
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  problems: string[],
): number => {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value <= 0) {
    problems.push(`${name} must be a positive integer, got "${raw}"`)
    return fallback
  }
  return value
}

/**
 * Reads the environment once, at cold start. Every problem is reported at once. The summary
 * prefix is checked against the trigger's filter: a summary written where the trigger listens
 * would invoke this function again, forever.
 */
export const loadConfig = (env: NodeJS.ProcessEnv, trigger: TriggerFilter): Config => {
  const problems: string[] = []

  const resultsQueueUrl = env.RESULTS_QUEUE_URL?.trim() ?? ''
  if (!resultsQueueUrl) problems.push('RESULTS_QUEUE_URL is required (the results SQS queue URL)')
  else if (!URL.canParse(resultsQueueUrl) || !/^https?:$/.test(new URL(resultsQueueUrl).protocol))
    problems.push(`RESULTS_QUEUE_URL must be an http(s) SQS queue URL, got "${resultsQueueUrl}"`)

  const idempotencyTableName = env.IDEMPOTENCY_TABLE_NAME?.trim() ?? ''
  if (!idempotencyTableName)
    problems.push('IDEMPOTENCY_TABLE_NAME is required (DynamoDB table, string partition key "id")')
  else if (!/^[A-Za-z0-9_.-]{3,255}$/.test(idempotencyTableName))
    problems.push(`IDEMPOTENCY_TABLE_NAME "${idempotencyTableName}" is not a DynamoDB table name`)

  const summaryPrefix = env.SUMMARY_PREFIX?.trim() || DEFAULTS.summaryPrefix
  if (!summaryPrefix.endsWith('/'))
    problems.push(`SUMMARY_PREFIX must end with "/", got "${summaryPrefix}"`)
  if (summaryPrefix.startsWith(trigger.prefix) || trigger.prefix.startsWith(summaryPrefix))
    problems.push(
      `SUMMARY_PREFIX "${summaryPrefix}" overlaps the trigger prefix "${trigger.prefix}": ` +
        'summaries written there would trigger this function again (an invocation loop)',
    )

  const maxRecordBytes = positiveInteger(
    env,
    'MAX_CSV_RECORD_BYTES',
    DEFAULTS.maxRecordBytes,
    problems,
  )
  const retentionDays = positiveInteger(
    env,
    'SEQUENCER_RETENTION_DAYS',
    DEFAULTS.sequencerRetentionDays,
    problems,
  )

  if (problems.length > 0) throw new ConfigError(problems)
  return {
    resultsQueueUrl,
    idempotencyTableName,
    summaryPrefix,
    maxRecordBytes,
    sequencerRetentionSeconds: retentionDays * 86_400,
  }
}
