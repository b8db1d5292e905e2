import { isFinished, type JobRecord, type JobTable, jobIdPattern } from '@repo/jobs'
import type { ALBEvent } from 'aws-lambda'
import { decodePathSegment } from './alb-request.ts'
import type { HttpResponse } from './alb-response.ts'
import { HttpProblem } from './errors.ts'

export const JOBS_PREFIX = '/jobs/'

/** How long a client should wait before asking again while the job is queued or running. */
export const POLL_AFTER_SECONDS = 1

export interface GetJobDependencies {
  jobs: JobTable
}

/** The status document: the record, plus where to look next. */
export const jobDocument = (record: JobRecord) => ({
  jobId: record.jobId,
  type: record.type,
  status: record.status,
  acceptedAt: record.acceptedAt,
  ...(record.startedAt !== undefined ? { startedAt: record.startedAt } : {}),
  ...(record.finishedAt !== undefined ? { finishedAt: record.finishedAt } : {}),
  updatedAt: record.updatedAt,
  attempts: record.attempts,
  ...(record.failure !== undefined ? { failure: record.failure } : {}),
  links: {
    self: `${JOBS_PREFIX}${record.jobId}`,
    ...(record.status === 'succeeded' && record.result !== undefined
      ? {
          result: {
            href: `s3://${record.result.bucket}/${record.result.key}`,
            bucket: record.result.bucket,
            key: record.result.key,
            type: 'application/json',
          },
        }
      : {}),
  },
})

/**
 * `GET /jobs/<jobId>`: 200 with the job's status document (`Location` of `POST /jobs` points
 * here). While it is queued or running, `Retry-After` says when to poll again; once it has
 * succeeded, `links.result` says where its result is. An id that cannot exist, or one with no
 * record, is a 404 problem. Never cached: the status changes.
 */
export const getJob =
  (deps: GetJobDependencies) =>
  async (event: ALBEvent): Promise<HttpResponse> => {
    const jobId = decodePathSegment(event.path.slice(JOBS_PREFIX.length))
    if (!jobIdPattern.test(jobId)) {
      throw new HttpProblem(404, 'There is no job at this path. Use the Location POST /jobs gave.')
    }
    const record = await deps.jobs.get(jobId)
    if (record === undefined) throw new HttpProblem(404, `No job "${jobId}".`)
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        ...(isFinished(record.status) ? {} : { 'retry-after': String(POLL_AFTER_SECONDS) }),
      },
      body: JSON.stringify(jobDocument(record)),
      isBase64Encoded: false,
    }
  }
