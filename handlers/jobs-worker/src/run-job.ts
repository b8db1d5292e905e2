import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { isFinished, type JobResultLocation, type JobTable, parseJobMessage } from '@repo/jobs'
import type { Logger } from '@repo/runtime'
import type { Context, SQSRecord } from 'aws-lambda'
import { JobBusyError, JobPayloadError, UnknownJobTypeError } from './errors.ts'
import type { JobType } from './job-types.ts'

export interface RunJobDependencies {
  s3: S3Client
  jobs: JobTable
  resultsBucket: string
  maxReceiveCount: number
  jobTypes: ReadonlyMap<string, JobType>
  logger: Logger
  now: () => number
}

/** What one message came to; stored by the idempotency record and replayed on a redelivery. */
export interface JobOutcome {
  jobId: string
  status: 'succeeded' | 'failed' | 'already-finished'
  result?: JobResultLocation
  reason?: string
}

export const resultKey = (jobId: string): string => `results/${jobId}.json`

const receiveCount = (record: SQSRecord): number =>
  Number(record.attributes.ApproximateReceiveCount)

/** Retrying cannot fix these: the job is failed with the reason and the message is done. */
const isPermanent = (error: unknown): error is UnknownJobTypeError | JobPayloadError =>
  error instanceof UnknownJobTypeError || error instanceof JobPayloadError

/**
 * One message: parse it (a body that is not a job throws JobMessageError: the message is
 * reported failed and the redrive policy ends it), lease the job, run its type, write
 * `results/<jobId>.json`, mark it succeeded. A transient error is thrown (the message comes
 * back); on the last receive the job is marked failed first, so it does not stay `running`.
 */
export const runJob =
  (deps: RunJobDependencies) =>
  async (record: SQSRecord, context: Context): Promise<JobOutcome> => {
    const message = parseJobMessage(record.body)
    const { jobId } = message
    const leaseUntil = deps.now() + context.getRemainingTimeInMillis()
    const started = await deps.jobs.start(message, leaseUntil)
    if (!started.started) {
      if (started.record !== undefined && isFinished(started.record.status)) {
        deps.logger.info('job already finished; duplicate message ignored', {
          jobId,
          status: started.record.status,
        })
        return { jobId, status: 'already-finished' }
      }
      throw new JobBusyError(jobId)
    }
    try {
      const jobType = deps.jobTypes.get(message.type)
      if (jobType === undefined)
        throw new UnknownJobTypeError(message.type, [...deps.jobTypes.keys()])
      const result = await jobType.run(message.payload)
      const location = { bucket: deps.resultsBucket, key: resultKey(jobId) }
      await deps.s3.send(
        new PutObjectCommand({
          Bucket: location.bucket,
          Key: location.key,
          Body: JSON.stringify({ jobId, type: message.type, result }),
          ContentType: 'application/json',
        }),
      )
      const finished = await deps.jobs.succeed(jobId, location)
      return { jobId, status: finished ? 'succeeded' : 'already-finished', result: location }
    } catch (error) {
      if (isPermanent(error)) {
        await deps.jobs.fail(jobId, error.message)
        deps.logger.warn('job failed permanently', { jobId, type: message.type, error })
        return { jobId, status: 'failed', reason: error.message }
      }
      const receives = receiveCount(record)
      if (receives >= deps.maxReceiveCount) {
        const reason = `Gave up after ${receives} attempts: ${error instanceof Error ? error.message : String(error)}`
        await deps.jobs.fail(jobId, reason)
      } else {
        await deps.jobs.release(jobId, leaseUntil)
      }
      throw error
    }
  }
