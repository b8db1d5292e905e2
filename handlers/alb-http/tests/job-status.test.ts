import { randomUUID } from 'node:crypto'
import { JobTable } from '@repo/jobs'
import { albRequest } from '@repo/shared'
import { invoke, useLocalAws } from '@repo/shared/harness'
import type { ALBResult } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  albShapeProblems,
  JOBS_TABLE,
  jsonBody,
  localAwsOptions,
  localHandler,
  responseHeader,
} from './support/local-handler.ts'

const aws = useLocalAws({ beforeAll, afterAll }, localAwsOptions)
const jobs = () => new JobTable({ client: aws().clients.dynamodb, tableName: JOBS_TABLE })

const request = async (method: string, path: string, multiValue = true, body?: string) => {
  const { handler } = localHandler(aws())
  const run = await invoke(
    handler,
    albRequest({
      method,
      path,
      multiValue,
      ...(body !== undefined && {
        body,
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      }),
    }),
  )
  if (run.status !== 'success') throw new Error(`invocation ${run.status}`)
  return run.result as ALBResult
}

const newJob = () => ({
  jobId: randomUUID(),
  type: 'report',
  acceptedAt: '2026-11-30T07:00:00.000Z',
})

describe('POST /jobs and the job record', () => {
  it('leaves a failed job, never a queued one, when the message cannot be sent', async () => {
    const jobId = randomUUID()
    const broken = localHandler(aws(), {
      config: { jobsQueueUrl: `${aws().endpoints.fauxqs}/000000000000/no-such-queue` },
      newJobId: () => jobId,
    })
    const run = await invoke(
      broken.handler,
      albRequest({
        method: 'POST',
        path: '/jobs',
        body: JSON.stringify({ type: 'report', payload: {} }),
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      }),
    )
    expect(run.status === 'success' && run.result.statusCode).toBe(500)
    expect(await jobs().get(jobId)).toMatchObject({
      status: 'failed',
      failure: { reason: 'The job could not be queued; send it again.' },
    })
  })
})

describe.each([true, false])('GET /jobs/<id> (multiValue: %s)', (multiValue) => {
  it('answers a job POST /jobs accepted: 200, queued, Retry-After, never cached', async () => {
    const accepted = await request(
      'POST',
      '/jobs',
      multiValue,
      JSON.stringify({ type: 'report', payload: { values: [1] } }),
    )
    const location = responseHeader(accepted, 'location')[0] ?? ''
    const result = await request('GET', location, multiValue)
    expect(albShapeProblems(result, multiValue)).toEqual([])
    expect(result.statusCode).toBe(200)
    expect(responseHeader(result, 'retry-after')).toEqual(['1'])
    expect(responseHeader(result, 'cache-control')).toEqual(['no-store'])
    expect(jsonBody(result)).toMatchObject({
      jobId: jsonBody(accepted).jobId,
      type: 'report',
      status: 'queued',
      attempts: 0,
      links: { self: location },
    })
  })

  it('answers a running job with Retry-After and its attempts', async () => {
    const job = newJob()
    await jobs().start(job, Date.now() + 30_000)
    const result = await request('GET', `/jobs/${job.jobId}`, multiValue)
    expect(responseHeader(result, 'retry-after')).toEqual(['1'])
    expect(jsonBody(result)).toMatchObject({ status: 'running', attempts: 1 })
  })

  it('links the result once the job has succeeded, and stops asking to retry', async () => {
    const job = newJob()
    await jobs().start(job, Date.now() + 30_000)
    await jobs().succeed(job.jobId, { bucket: 'results', key: `results/${job.jobId}.json` })
    const result = await request('GET', `/jobs/${job.jobId}`, multiValue)
    expect(result.statusCode).toBe(200)
    expect(responseHeader(result, 'retry-after')).toEqual([])
    expect(jsonBody(result)).toMatchObject({
      status: 'succeeded',
      finishedAt: expect.any(String),
      links: {
        self: `/jobs/${job.jobId}`,
        result: {
          href: `s3://results/results/${job.jobId}.json`,
          bucket: 'results',
          key: `results/${job.jobId}.json`,
        },
      },
    })
  })

  it('shows why a job failed', async () => {
    const job = newJob()
    await jobs().start(job, Date.now() + 30_000)
    await jobs().fail(job.jobId, 'Unknown job type "x".')
    const body = jsonBody(await request('GET', `/jobs/${job.jobId}`, multiValue))
    expect(body).toMatchObject({ status: 'failed', failure: { reason: 'Unknown job type "x".' } })
    expect(body.links).toEqual({ self: `/jobs/${job.jobId}` })
  })

  it.each([
    ['an unknown id', `/jobs/${randomUUID()}`],
    ['an id no job can have', '/jobs/..%2F..%2Fetc'],
    ['a prototype name', '/jobs/__proto__'],
    ['an id too long', `/jobs/${'a'.repeat(129)}`],
  ])('answers %s with a 404 problem', async (_, path) => {
    const result = await request('GET', path, multiValue)
    expect(result.statusCode).toBe(404)
    expect(responseHeader(result, 'content-type')).toEqual(['application/problem+json'])
    expect(jsonBody(result)).toMatchObject({ status: 404, title: 'Not Found' })
  })

  it('answers a malformed percent-escape with a 400 problem', async () => {
    const result = await request('GET', '/jobs/%E0%A4%A', multiValue)
    expect(result.statusCode).toBe(400)
  })

  it('answers another method on a job with 405 and Allow: GET, HEAD', async () => {
    const result = await request('DELETE', `/jobs/${randomUUID()}`, multiValue)
    expect(result.statusCode).toBe(405)
    expect(responseHeader(result, 'allow').join(', ')).toContain('GET')
  })
})
