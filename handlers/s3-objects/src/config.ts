import { keyPrefix, queueUrl, readEnvironment, wholeNumber } from '@repo/runtime'
import * as z from 'zod/mini'
import { TRIGGER_PREFIX } from './trigger-filter.ts'

const TABLE_RULE = 'must be a DynamoDB table name: 3-255 of A-Z a-z 0-9 _ . -'

const environment = z
  .object({
    RESULTS_QUEUE_URL: queueUrl('the results SQS queue'),
    /** Idempotency records and the per-key sequencer marks share this table. */
    IDEMPOTENCY_TABLE_NAME: z
      .string({ error: TABLE_RULE })
      .check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: TABLE_RULE })),
    SUMMARY_PREFIX: z._default(keyPrefix(), 'processed/'),
    MAX_CSV_RECORD_BYTES: z._default(
      wholeNumber({ min: 1, max: 256 * 1024 * 1024, unit: 'bytes' }),
      1024 * 1024,
    ),
    // Async events live at most 6 hours in Lambda's queue; a week leaves room for replays by hand.
    SEQUENCER_RETENTION_DAYS: z._default(wholeNumber({ min: 1, max: 3650, unit: 'days' }), 7),
  })
  .check(
    z.refine(({ SUMMARY_PREFIX }) => SUMMARY_PREFIX.endsWith('/'), {
      path: ['SUMMARY_PREFIX'],
      error: 'must end with "/"',
    }),
    // A summary written where the trigger listens would invoke this function again, forever.
    z.refine(
      ({ SUMMARY_PREFIX: prefix }) =>
        !prefix.startsWith(TRIGGER_PREFIX) && !TRIGGER_PREFIX.startsWith(prefix),
      {
        path: ['SUMMARY_PREFIX'],
        error: `must not overlap the trigger prefix "${TRIGGER_PREFIX}": summaries written there would trigger this function again (an invocation loop)`,
      },
    ),
  )

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

/** Reads the environment once, at cold start; one ConfigError names every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<Config> => {
  const vars = readEnvironment(environment, env, { subject: 's3-objects' })
  return Object.freeze({
    resultsQueueUrl: vars.RESULTS_QUEUE_URL,
    idempotencyTableName: vars.IDEMPOTENCY_TABLE_NAME,
    summaryPrefix: vars.SUMMARY_PREFIX,
    maxRecordBytes: vars.MAX_CSV_RECORD_BYTES,
    sequencerRetentionSeconds: vars.SEQUENCER_RETENTION_DAYS * 86_400,
  })
}
