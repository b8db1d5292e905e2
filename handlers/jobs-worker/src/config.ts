import { bucketName, readEnvironment, tableName, wholeNumber } from '@repo/runtime'
import * as z from 'zod/mini'

const environment = z.object({
  JOBS_TABLE_NAME: tableName('the jobs status table'),
  RESULTS_BUCKET: bucketName('the S3 bucket job results are written to'),
  MAX_RECEIVE_COUNT: z._default(
    wholeNumber({ min: 1, max: 1000, unit: "receives (the queue's redrive maxReceiveCount)" }),
    5,
  ),
})

export interface Config {
  jobsTableName: string
  resultsBucket: string
  /**
   * The queue's maxReceiveCount: on the last receive a job that still fails is marked failed,
   * so a client polling GET /jobs/<id> sees the end instead of `running` forever.
   */
  maxReceiveCount: number
}

/** Reads the environment once, at cold start; one ConfigError names every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<Config> => {
  const vars = readEnvironment(environment, env, { subject: 'jobs-worker' })
  return Object.freeze({
    jobsTableName: vars.JOBS_TABLE_NAME,
    resultsBucket: vars.RESULTS_BUCKET,
    maxReceiveCount: vars.MAX_RECEIVE_COUNT,
  })
}
