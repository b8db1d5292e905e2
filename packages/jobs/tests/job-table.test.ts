import { useLocalAws } from '@repo/shared/harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canMove, isFinished, JobRecordError, JobTable, jobStatuses } from '../src/index.ts'

const aws = useLocalAws({ beforeAll, afterAll }, { tables: [{ name: 'jobs', partitionKey: 'id' }] })

let clock = Date.parse('2026-11-30T06:00:00.000Z')
const table = () =>
  new JobTable({ client: aws().clients.dynamodb, tableName: 'jobs', now: () => clock })
/** A lease that has run out by the next tick of the test clock unless a test says otherwise. */
const lease = (ms = 0) => clock + ms
let sequence = 0
const newJob = () => ({
  jobId: `job-${++sequence}`,
  type: 'report',
  acceptedAt: '2026-11-30T05:59:59.000Z',
})

describe('job status transitions', () => {
  it('moves forward only: queued first, running again after a failed attempt, finished never moves', () => {
    expect(canMove(undefined, 'queued')).toBe(true)
    expect(canMove(undefined, 'running')).toBe(true)
    expect(canMove(undefined, 'succeeded')).toBe(false)
    expect(canMove('queued', 'running')).toBe(true)
    expect(canMove('running', 'running')).toBe(true)
    expect(canMove('running', 'succeeded')).toBe(true)
    expect(canMove('queued', 'succeeded')).toBe(false)
    for (const finished of ['succeeded', 'failed'] as const) {
      expect(isFinished(finished)).toBe(true)
      for (const to of jobStatuses) expect(canMove(finished, to)).toBe(false)
    }
    expect(canMove('running', 'queued')).toBe(false)
  })
})

describe('JobTable on DynamoDB (dynalite)', () => {
  it('writes queued once, with the accepted time and no attempts', async () => {
    const jobs = table()
    const job = newJob()
    expect(await jobs.accept(job)).toBe(true)
    expect(await jobs.accept(job)).toBe(false)
    expect(await jobs.get(job.jobId)).toEqual({
      ...job,
      status: 'queued',
      updatedAt: '2026-11-30T06:00:00.000Z',
      attempts: 0,
    })
  })

  it('starts a queued job, counts every attempt and keeps the first start time', async () => {
    const jobs = table()
    const job = newJob()
    await jobs.accept(job)
    clock += 1000
    const first = await jobs.start(job, lease())
    clock += 1000
    const second = await jobs.start(job, lease())
    expect(first).toMatchObject({ started: true, record: { status: 'running', attempts: 1 } })
    expect(second.record).toMatchObject({
      status: 'running',
      attempts: 2,
      startedAt: '2026-11-30T06:00:01.000Z',
      updatedAt: '2026-11-30T06:00:02.000Z',
    })
  })

  it('starts a job whose queued write never happened', async () => {
    const job = newJob()
    const outcome = await table().start(job, lease())
    expect(outcome).toMatchObject({
      started: true,
      record: { jobId: job.jobId, type: 'report', acceptedAt: job.acceptedAt, attempts: 1 },
    })
  })

  it('succeeds a running job once, with the result location and a TTL', async () => {
    const jobs = table()
    const job = newJob()
    await jobs.start(job, lease())
    clock += 5000
    const result = { bucket: 'results', key: `results/${job.jobId}.json` }
    expect(await jobs.succeed(job.jobId, result)).toBe(true)
    expect(await jobs.succeed(job.jobId, result)).toBe(false)
    const record = await jobs.get(job.jobId)
    expect(record).toMatchObject({
      status: 'succeeded',
      result,
      finishedAt: new Date(clock).toISOString(),
    })
    const item = await aws().clients.dynamodb.send(
      new (await import('@aws-sdk/client-dynamodb')).GetItemCommand({
        TableName: 'jobs',
        Key: { id: { S: job.jobId } },
      }),
    )
    expect(Number(item.Item?.ttl?.N)).toBe(Math.floor(clock / 1000) + 7 * 24 * 3600)
  })

  it('never succeeds a job that is only queued', async () => {
    const jobs = table()
    const job = newJob()
    await jobs.accept(job)
    expect(await jobs.succeed(job.jobId, { bucket: 'b', key: 'k' })).toBe(false)
    expect((await jobs.get(job.jobId))?.status).toBe('queued')
  })

  it('lets a late duplicate neither restart nor fail a finished job', async () => {
    const jobs = table()
    const job = newJob()
    await jobs.start(job, lease())
    await jobs.succeed(job.jobId, { bucket: 'b', key: 'k' })
    const before = await jobs.get(job.jobId)
    clock += 60_000
    const late = await jobs.start(job, lease())
    expect(late).toEqual({ started: false, record: before })
    expect(await jobs.fail(job.jobId, 'late failure')).toBe(false)
    expect(await jobs.get(job.jobId)).toEqual(before)
  })

  it('fails a running job with its reason, and keeps it failed', async () => {
    const jobs = table()
    const job = newJob()
    await jobs.start(job, lease())
    expect(await jobs.fail(job.jobId, 'unknown job type "x"')).toBe(true)
    expect(await jobs.start(job, lease())).toMatchObject({ started: false })
    expect(await jobs.get(job.jobId)).toMatchObject({
      status: 'failed',
      failure: { reason: 'unknown job type "x"' },
      attempts: 1,
    })
  })

  it('answers undefined for an unknown job, and refuses an item that is not a job record', async () => {
    expect(await table().get('no-such-job')).toBeUndefined()
    const { PutItemCommand } = await import('@aws-sdk/client-dynamodb')
    await aws().clients.dynamodb.send(
      new PutItemCommand({
        TableName: 'jobs',
        Item: { id: { S: 'alien' }, status: { S: 'paused' } },
      }),
    )
    await expect(table().get('alien')).rejects.toThrow(JobRecordError)
  })

  it('lets one of racing workers start a job, and no one else while its lease lives', async () => {
    const jobs = table()
    const job = newJob()
    await jobs.accept(job)
    const starts = await Promise.all([1, 2, 3].map(() => jobs.start(job, lease(30_000))))
    expect(starts.filter((outcome) => outcome.started)).toHaveLength(1)
    clock += 29_999
    expect(await jobs.start(job, lease(30_000))).toMatchObject({
      started: false,
      record: { status: 'running', attempts: 1 },
    })
    clock += 1
    expect(await jobs.start(job, lease(30_000))).toMatchObject({
      started: true,
      record: { status: 'running', attempts: 2 },
    })
  })

  it('releases only its own lease, so a retry can start at once', async () => {
    const jobs = table()
    const job = newJob()
    const mine = lease(30_000)
    await jobs.start(job, mine)
    await jobs.release(job.jobId, mine + 1)
    expect(await jobs.start(job, lease(30_000))).toMatchObject({ started: false })
    await jobs.release(job.jobId, mine)
    expect(await jobs.start(job, lease(30_000))).toMatchObject({
      started: true,
      record: { attempts: 2 },
    })
  })

  it('finishes a job exactly once when workers race to finish it', async () => {
    const jobs = table()
    const job = newJob()
    await jobs.start(job, lease())
    const wins = await Promise.all(
      [1, 2, 3].map((n) => jobs.succeed(job.jobId, { bucket: 'b', key: `k${n}` })),
    )
    expect(wins.filter(Boolean)).toHaveLength(1)
  })
})
