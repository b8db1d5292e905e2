import { configProblems } from '@repo/shared/harness'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'

const valid = {
  RESULTS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/results',
  IDEMPOTENCY_TABLE_NAME: 'idempotency',
}

const problemsOf = (env: NodeJS.ProcessEnv) => configProblems(() => loadConfig(env))

describe('loadConfig', () => {
  it('applies defaults', () => {
    expect(loadConfig(valid)).toEqual({
      resultsQueueUrl: valid.RESULTS_QUEUE_URL,
      idempotencyTableName: 'idempotency',
      summaryPrefix: 'processed/',
      maxRecordBytes: 1_048_576,
      sequencerRetentionSeconds: 7 * 86_400,
    })
  })

  it('names every missing or invalid variable at once', () => {
    const problems = problemsOf({ MAX_CSV_RECORD_BYTES: '-1', SEQUENCER_RETENTION_DAYS: 'soon' })
    expect(problems).toEqual([
      expect.stringMatching(
        /^RESULTS_QUEUE_URL is not set and must be the URL of the results SQS queue/,
      ),
      expect.stringMatching(/^IDEMPOTENCY_TABLE_NAME is not set and must be a DynamoDB table name/),
      expect.stringMatching(/^MAX_CSV_RECORD_BYTES \("-1"\) must be a whole number/),
      expect.stringMatching(/^SEQUENCER_RETENTION_DAYS \("soon"\) must be a whole number/),
    ])
    expect(problemsOf({ ...valid, RESULTS_QUEUE_URL: 'results' })).toEqual([
      expect.stringMatching(
        /^RESULTS_QUEUE_URL \("results"\) must be the URL of the results SQS queue \(https:/,
      ),
    ])
  })

  it.each(['incoming/', 'incoming/processed/', 'incoming', 'in'])(
    'refuses SUMMARY_PREFIX=%s, which would put summaries where the trigger listens (a loop)',
    (prefix) => {
      const problems = problemsOf({ ...valid, SUMMARY_PREFIX: prefix })
      expect(problems.join('\n')).toMatch(
        /must not overlap the trigger prefix "incoming\/"|must end with "\/"/,
      )
    },
  )
})
