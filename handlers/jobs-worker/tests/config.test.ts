import { configProblems } from '@repo/shared/harness'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'

const problemsOf = (env: Record<string, string>) => configProblems(() => loadConfig(env))

describe('loadConfig', () => {
  it('reads the table, the bucket and the receive budget', () => {
    expect(
      loadConfig({
        JOBS_TABLE_NAME: 'jobs-worker-jobs-table',
        RESULTS_BUCKET: 'job-results',
        MAX_RECEIVE_COUNT: '3',
      }),
    ).toEqual({
      jobsTableName: 'jobs-worker-jobs-table',
      resultsBucket: 'job-results',
      maxReceiveCount: 3,
    })
  })

  it('defaults the receive budget to SQS-console default of 5', () => {
    expect(
      loadConfig({ JOBS_TABLE_NAME: 'jobs', RESULTS_BUCKET: 'job-results' }).maxReceiveCount,
    ).toBe(5)
  })

  it('names every bad variable at once', () => {
    const problems = problemsOf({ RESULTS_BUCKET: 'Not_A_Bucket', MAX_RECEIVE_COUNT: '1e3' })
    expect(problems).toHaveLength(3)
    expect(problems.join('\n')).toMatch(/JOBS_TABLE_NAME is not set/)
    expect(problems.join('\n')).toMatch(/RESULTS_BUCKET/)
    expect(problems.join('\n')).toMatch(/MAX_RECEIVE_COUNT/)
  })

  it('refuses a table name DynamoDB would refuse', () => {
    expect(problemsOf({ JOBS_TABLE_NAME: 'a/b', RESULTS_BUCKET: 'job-results' })).toEqual([
      expect.stringContaining('JOBS_TABLE_NAME'),
    ])
  })
})
