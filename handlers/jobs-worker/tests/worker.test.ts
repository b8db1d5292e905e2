import { sqsEvent } from '@repo/shared'
import { countMessages, invoke, readObject, readQueue, useLocalAws } from '@repo/shared/harness'
import type { SQSBatchResponse } from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  applyRedrivePolicy,
  buildWorker,
  drain,
  jobMessage,
  localAwsResources,
  MAX_RECEIVE_COUNT,
  sendJob,
} from './support/worker.ts'

const aws = useLocalAws({ beforeAll, afterAll }, localAwsResources)

beforeAll(() => applyRedrivePolicy(aws()))
beforeEach(() => aws().reset())

const report = (values: number[]) => jobMessage('report', { values })

describe('a batch through the event source mapping (fauxqs)', () => {
  it('returns only the poison message; the others finish once', async () => {
    const worker = buildWorker(aws())
    const jobs = [report([1, 2, 3]), report([4]), report([5, 6]), report([7, 8, 9, 10])]
    for (const job of jobs.slice(0, 2)) await sendJob(aws(), job)
    const poisonId = await sendJob(aws(), '{"not": "a job"}')
    for (const job of jobs.slice(2)) await sendJob(aws(), job)

    const [first, ...later] = await drain(aws(), worker.invokeFunction, 2)
    expect(first?.messageIds).toHaveLength(5)
    expect(first?.failedIds).toEqual([poisonId])
    expect(first?.deletedIds).toHaveLength(4)
    // The next poll gets the poison message alone: the four finished ones were deleted.
    expect(later[0]?.messageIds).toEqual([poisonId])
    expect(worker.jobTypes.runs).toEqual(['report', 'report', 'report', 'report'])
    for (const job of jobs) {
      expect(await worker.jobs.get(job.jobId)).toMatchObject({ status: 'succeeded', attempts: 1 })
    }
  })

  it('moves a poison message to the DLQ after maxReceiveCount receives', async () => {
    const worker = buildWorker(aws())
    const poisonId = await sendJob(aws(), 'definitely not JSON')
    const reports = await drain(aws(), worker.invokeFunction)
    // Received and failed MAX_RECEIVE_COUNT times; the next receive finds it moved.
    expect(reports.map((batch) => batch.failedIds)).toEqual(
      Array.from({ length: MAX_RECEIVE_COUNT }, () => [poisonId]),
    )
    expect(await countMessages(aws(), 'jobs')).toBe(0)
    const deadLetters = await readQueue(aws(), 'jobs-dlq')
    expect(deadLetters.map((message) => [message.messageId, message.body])).toEqual([
      [poisonId, 'definitely not JSON'],
    ])
  })

  it('writes the report to results/<jobId>.json and records where it is', async () => {
    const worker = buildWorker(aws())
    const job = jobMessage('report', { title: 'weekly', values: [3, 1, 2, 10] })
    await sendJob(aws(), job)
    await drain(aws(), worker.invokeFunction)
    const stored = await readObject(aws(), 'results', `results/${job.jobId}.json`)
    expect(JSON.parse(stored.body)).toEqual({
      jobId: job.jobId,
      type: 'report',
      result: { title: 'weekly', count: 4, sum: 16, mean: 4, min: 1, max: 10, median: 2.5 },
    })
    expect(stored.contentType).toBe('application/json')
    expect(await worker.jobs.get(job.jobId)).toMatchObject({
      status: 'succeeded',
      result: { bucket: 'results', key: `results/${job.jobId}.json` },
    })
  })

  it('fails an unknown job type for good, with a reason, and does not retry it', async () => {
    const worker = buildWorker(aws())
    const job = jobMessage('resize-image', {})
    await sendJob(aws(), job)
    const reports = await drain(aws(), worker.invokeFunction)
    expect(reports.map((batch) => batch.failedIds)).toEqual([[]])
    expect(await worker.jobs.get(job.jobId)).toMatchObject({
      status: 'failed',
      failure: { reason: expect.stringContaining('Unknown job type "resize-image"') },
    })
  })

  it('fails a report whose payload is invalid for good, naming the field', async () => {
    const worker = buildWorker(aws())
    const job = jobMessage('report', { values: ['1'] })
    await sendJob(aws(), job)
    await drain(aws(), worker.invokeFunction)
    expect(await worker.jobs.get(job.jobId)).toMatchObject({
      status: 'failed',
      failure: { reason: expect.stringContaining('values.0') },
    })
    expect(await countMessages(aws(), 'jobs')).toBe(0)
  })

  it('retries a transient failure and marks the job failed on the last receive', async () => {
    const worker = buildWorker(aws())
    const job = jobMessage('flaky', {})
    await sendJob(aws(), job)
    const reports = await drain(aws(), worker.invokeFunction)
    expect(reports).toHaveLength(MAX_RECEIVE_COUNT)
    expect(worker.jobTypes.runs).toEqual(Array(MAX_RECEIVE_COUNT).fill('flaky'))
    expect(await worker.jobs.get(job.jobId)).toMatchObject({
      status: 'failed',
      attempts: MAX_RECEIVE_COUNT,
      failure: {
        reason: `Gave up after ${MAX_RECEIVE_COUNT} attempts: the downstream service is unavailable`,
      },
    })
    expect(await countMessages(aws(), 'jobs-dlq')).toBe(1)
  })
})

describe('duplicate deliveries', () => {
  it('does nothing for a redelivered message that already succeeded', async () => {
    const worker = buildWorker(aws())
    const job = report([1, 2])
    const event = sqsEvent([{ body: job, queue: 'jobs' }])
    const first = await invoke(worker.handler, event)
    const record = await worker.jobs.get(job.jobId)
    const again = await invoke(worker.handler, event)
    expect(first.status === 'success' && first.result).toEqual({ batchItemFailures: [] })
    expect(again.status === 'success' && again.result).toEqual({ batchItemFailures: [] })
    expect(worker.jobTypes.runs).toEqual(['report'])
    expect(await worker.jobs.get(job.jobId)).toEqual(record)
  })

  it('does nothing for another message carrying a job that already finished', async () => {
    const worker = buildWorker(aws())
    const job = report([1, 2])
    await invoke(worker.handler, sqsEvent([{ body: job, queue: 'jobs', index: 1 }]))
    const record = await worker.jobs.get(job.jobId)
    const late = await invoke(worker.handler, sqsEvent([{ body: job, queue: 'jobs', index: 2 }]))
    expect(late.status === 'success' && late.result).toEqual({ batchItemFailures: [] })
    expect(worker.jobTypes.runs).toEqual(['report'])
    expect(await worker.jobs.get(job.jobId)).toEqual(record)
  })

  it('lets concurrent workers finish one job exactly once', async () => {
    // Two containers, two different messages for the same job (a producer retry), at once.
    const jobTypes = (await import('./support/worker.ts')).countingJobTypes()
    const release = Promise.withResolvers<void>()
    jobTypes.holdRuns(release.promise)
    const first = buildWorker(aws(), jobTypes)
    const second = buildWorker(aws(), jobTypes)
    const job = report([4, 5, 6])
    const eventA = sqsEvent([{ body: job, queue: 'jobs', index: 10 }])
    const eventB = sqsEvent([{ body: job, queue: 'jobs', index: 11 }])

    const running = invoke(first.handler, eventA)
    while (jobTypes.runs.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    const busy = await invoke(second.handler, eventB)
    release.resolve()
    const done = await running

    expect(done.status === 'success' && done.result).toEqual({ batchItemFailures: [] })
    expect(busy.status === 'success' && busy.result).toEqual({
      batchItemFailures: [{ itemIdentifier: eventB.Records[0]?.messageId }],
    })
    // The busy message comes back later and finds the job finished.
    const retried = await invoke(second.handler, eventB)
    expect(retried.status === 'success' && retried.result).toEqual({ batchItemFailures: [] })
    expect(jobTypes.runs).toEqual(['report'])
    expect(await first.jobs.get(job.jobId)).toMatchObject({ status: 'succeeded', attempts: 1 })
  })
})

describe('FIFO queues', () => {
  it('on the first failure in a group, returns that message and every later one of the group', async () => {
    const worker = buildWorker(aws())
    const queue = 'jobs.fifo'
    const a1 = report([1])
    const a3 = report([3])
    const b1 = report([10])
    const b2 = report([20])
    const event = sqsEvent([
      { body: a1, queue, messageGroupId: 'A' },
      { body: b1, queue, messageGroupId: 'B' },
      { body: 'poison', queue, messageGroupId: 'A' },
      { body: b2, queue, messageGroupId: 'B' },
      { body: a3, queue, messageGroupId: 'A' },
    ])
    const run = await invoke(worker.handler, event)
    const ids = event.Records.map((record) => record.messageId)
    expect(run.status === 'success' && (run.result as SQSBatchResponse)).toEqual({
      batchItemFailures: [{ itemIdentifier: ids[2] }, { itemIdentifier: ids[4] }],
    })
    expect(worker.jobTypes.runs).toHaveLength(3)
    expect((await worker.jobs.get(a3.jobId)) ?? 'never started').toBe('never started')
    for (const job of [a1, b1, b2]) {
      expect((await worker.jobs.get(job.jobId))?.status).toBe('succeeded')
    }
  })

  it("on a FIFO queue, a message waits behind its group's poison message until the DLQ takes it", async () => {
    const worker = buildWorker(aws())
    const queue = 'jobs.fifo'
    const behind = report([1])
    const otherGroup = report([2])
    const poisonId = await sendJob(aws(), 'poison', queue, 'A')
    await sendJob(aws(), behind, queue, 'A')
    await sendJob(aws(), otherGroup, queue, 'B')

    const reports = await drain(aws(), worker.invokeFunction, 20, queue)
    const batches = reports.map((batch) => batch.messageIds.length)
    // Group A is held while its first message is in flight or waiting; B runs at once.
    expect(reports.slice(0, MAX_RECEIVE_COUNT).map((batch) => batch.failedIds)).toEqual(
      Array.from({ length: MAX_RECEIVE_COUNT }, () => [poisonId]),
    )
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(MAX_RECEIVE_COUNT + 2)
    // The job behind the poison message ran last, once the redrive policy had moved it.
    const [otherDone, behindDone] = await Promise.all(
      [otherGroup, behind].map(async (job) => (await worker.jobs.get(job.jobId))?.finishedAt ?? ''),
    )
    expect((otherDone ?? '') < (behindDone ?? '')).toBe(true)
    expect(reports.at(-1)?.messageIds).toHaveLength(1)
    const deadLetters = await readQueue(aws(), 'jobs-dlq.fifo')
    expect(deadLetters.map((message) => message.messageId)).toEqual([poisonId])
  })

  it('runs a standard queue batch past a failure: messages there have no order to keep', async () => {
    const worker = buildWorker(aws())
    const later = report([2])
    const event = sqsEvent([
      { body: 'poison', queue: 'jobs', messageGroupId: 'A' },
      { body: later, queue: 'jobs', messageGroupId: 'A' },
    ])
    const run = await invoke(worker.handler, event)
    expect(run.status === 'success' && run.result).toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }],
    })
    expect((await worker.jobs.get(later.jobId))?.status).toBe('succeeded')
  })
})

describe('the invocation deadline', () => {
  it('returns messages it has no time left to start, instead of timing out the whole batch', async () => {
    const worker = buildWorker(aws())
    const jobs = [report([1]), report([2])]
    const event = sqsEvent(jobs.map((body, index) => ({ body, queue: 'jobs', index })))
    // A 1 s function never has more than the 1 s margin left.
    const run = await invoke(worker.handler, event, { timeoutSeconds: 1 })
    expect(run.status === 'success' && run.result).toEqual({
      batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
    })
    expect(worker.jobTypes.runs).toEqual([])
    expect(await worker.jobs.get(jobs[0]?.jobId ?? '')).toBeUndefined()
  })
})

describe('events that are not SQS batches', () => {
  it('refuses them by name before touching any message', async () => {
    const worker = buildWorker(aws())
    const run = await invoke(worker.handler, { Records: [{ eventSource: 'aws:sns' }] })
    expect(run.status === 'error' && run.error).toMatchObject({
      errorType: 'EventShapeError',
      errorMessage: expect.stringContaining('Records[0].eventSource'),
    })
  })
})
