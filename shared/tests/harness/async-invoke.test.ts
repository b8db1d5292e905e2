import { loadCorpusEvent } from '@repo/shared'
import {
  type AsyncDestinationRecord,
  InvalidAsyncPolicyError,
  invokeAsync,
  readDeadLetters,
  readDestinationRecords,
  useLocalAws,
  VirtualClock,
} from '@repo/shared/harness'
import type { Context } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const failing = async (_event: unknown, context: Context): Promise<never> => {
  throw new Error(`failed with ${context.getRemainingTimeInMillis()} ms left`)
}

/** The shape of a value: key names and JSON types, recursively (arrays by their first item). */
const shapeOf = (value: unknown): unknown => {
  if (Array.isArray(value)) return [value.length > 0 ? shapeOf(value[0]) : 'empty']
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, shapeOf(item)]),
    )
  return value === null ? 'null' : typeof value
}

describe('invokeAsync', () => {
  it('tries three times, at 0, 60 s and 180 s of virtual time, with one request ID', async () => {
    const clock = new VirtualClock('2025-06-01T12:00:00.000Z')
    const seen: { at: string; requestId: string; remaining: number }[] = []
    const handler = async (_event: unknown, context: Context) => {
      seen.push({
        at: new Date(clock.now()).toISOString(),
        requestId: context.awsRequestId,
        remaining: context.getRemainingTimeInMillis(),
      })
      throw new Error('downstream is down')
    }

    const report = await invokeAsync(handler, { orderId: 7 }, { clock, timeoutSeconds: 10 })

    expect(
      report.attempts.map((attempt) => [attempt.number, attempt.offsetMs, attempt.status]),
    ).toEqual([
      [1, 0, 'error'],
      [2, 60_000, 'error'],
      [3, 180_000, 'error'],
    ])
    expect(seen.map((call) => call.at)).toEqual([
      '2025-06-01T12:00:00.000Z',
      '2025-06-01T12:01:00.000Z',
      '2025-06-01T12:03:00.000Z',
    ])
    expect(new Set(seen.map((call) => call.requestId))).toEqual(new Set([report.awsRequestId]))
    expect(seen.every((call) => call.remaining === 10_000)).toBe(true)
    expect(report.condition).toBe('RetriesExhausted')
  })

  it('waits one minute after an attempt ends, not after it starts', async () => {
    const clock = new VirtualClock(0)
    const report = await invokeAsync(
      async () => {
        await clock.sleep(5000)
        throw new Error('slow failure')
      },
      {},
      { clock, maximumRetryAttempts: 1, timeoutSeconds: 30 },
    )

    expect(report.attempts.map((attempt) => [attempt.offsetMs, attempt.durationMs])).toEqual([
      [0, 5000],
      [65_000, 5000],
    ])
  })

  it('stops retrying once the handler succeeds', async () => {
    let calls = 0
    const flaky = async () => {
      calls++
      if (calls < 2) throw new Error('first try fails')
      return { ok: true }
    }

    const report = await invokeAsync(flaky, {})

    expect(report.attempts.map((attempt) => attempt.status)).toEqual(['error', 'success'])
    expect(report.condition).toBe('Success')
    expect(report.destinationRecord.responsePayload).toEqual({ ok: true })
    expect(report.destinationRecord.responseContext).toEqual({
      statusCode: 200,
      executedVersion: '$LATEST',
    })
  })

  it('honours maximumRetryAttempts 0 and counts timeouts as failures', async () => {
    const clock = new VirtualClock()
    const report = await invokeAsync(
      () => clock.sleep(10_000),
      {},
      { clock, maximumRetryAttempts: 0 },
    )

    expect(report.attempts.map((attempt) => attempt.status)).toEqual(['timeout'])
    expect(report.destinationRecord.responsePayload).toMatchObject({
      errorType: 'Sandbox.Timedout',
    })
  })

  it('builds the on-failure record in the shape of the AWS sample', async () => {
    const sample = loadCorpusEvent<AsyncDestinationRecord>(
      'lambda-java__async-destination__lambda_destination_event',
    )

    const report = await invokeAsync(
      failing,
      { Success: false },
      { functionName: 'event-destinations' },
    )
    const record = report.destinationRecord

    expect(shapeOf(record)).toEqual(shapeOf(sample))
    expect(Object.keys(record)).toEqual(Object.keys(sample))
    expect(record.requestContext).toMatchObject({
      condition: sample.requestContext.condition,
      approximateInvokeCount: sample.requestContext.approximateInvokeCount,
      requestId: report.awsRequestId,
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:event-destinations:$LATEST',
    })
    expect(record.responseContext).toEqual({
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: 'Unhandled',
    })
    expect(record.requestPayload).toEqual({ Success: false })
    expect(record.timestamp).toBe(
      new Date(Date.parse('2025-01-01T00:00:00.000Z') + 180_000).toISOString(),
    )
  })

  it('gives up with EventAgeExceeded when the event outlives maximumEventAgeInSeconds', async () => {
    const report = await invokeAsync(failing, { id: 1 }, { maximumEventAgeInSeconds: 60 })

    // Attempt 2 runs at exactly 60 s (not older than the limit); attempt 3 would run at 180 s.
    expect(report.attempts.map((attempt) => attempt.offsetMs)).toEqual([0, 60_000])
    expect(report.condition).toBe('EventAgeExceeded')
    expect(report.destinationRecord.requestContext).toMatchObject({
      condition: 'EventAgeExceeded',
      approximateInvokeCount: 2,
    })
  })

  it('never runs an event that was already too old when queued', async () => {
    const clock = new VirtualClock('2025-01-01T10:00:00Z')
    let calls = 0
    const report = await invokeAsync(
      async () => {
        calls++
      },
      {},
      { clock, enqueuedAt: Date.parse('2025-01-01T03:59:59Z') },
    )

    expect(calls).toBe(0)
    expect(report.condition).toBe('EventAgeExceeded')
    expect(report.destinationRecord.requestContext.approximateInvokeCount).toBe(0)
    expect(report.destinationRecord).not.toHaveProperty('responsePayload')
  })

  it('rejects a policy Lambda would reject', async () => {
    await expect(invokeAsync(failing, {}, { maximumRetryAttempts: 3 })).rejects.toThrow(
      InvalidAsyncPolicyError,
    )
    await expect(invokeAsync(failing, {}, { maximumEventAgeInSeconds: 59 })).rejects.toThrow(
      /from 60 to 21600/,
    )
  })
})

describe('invokeAsync with SQS destinations in fauxqs', () => {
  const aws = useLocalAws({ beforeAll, afterAll }, { queues: ['on-failure', 'dlq', 'on-success'] })

  it('sends the on-failure record to the queue and reads it back with the SDK', async () => {
    const { sqs } = aws().clients
    const report = await invokeAsync(
      failing,
      { orderId: 'o-1' },
      {
        maximumRetryAttempts: 1,
        onFailure: { sqs, queueUrl: aws().queueUrl('on-failure') },
      },
    )

    const records = await readDestinationRecords(aws(), 'on-failure')

    expect(records).toEqual([report.destinationRecord])
    expect(records[0]?.requestContext).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 2,
    })
    expect(report.sent.onFailure).toEqual(expect.any(String))
  })

  it('sends the original event to a dead-letter queue with Lambda’s attributes', async () => {
    const { sqs } = aws().clients
    const report = await invokeAsync(
      failing,
      { orderId: 'o-2' },
      {
        deadLetterQueue: { sqs, queueUrl: aws().queueUrl('dlq') },
      },
    )

    const letters = await readDeadLetters(aws(), 'dlq')

    expect(letters).toEqual([
      {
        event: { orderId: 'o-2' },
        attributes: {
          RequestID: report.awsRequestId,
          ErrorCode: '200',
          ErrorMessage: expect.stringMatching(/^failed with \d+ ms left$/),
        },
      },
    ])
  })

  it('sends nothing on failure when the event succeeds, and the record on success when asked', async () => {
    const { sqs } = aws().clients
    await invokeAsync(
      async () => 'fine',
      { orderId: 'o-3' },
      {
        onFailure: { sqs, queueUrl: aws().queueUrl('on-failure') },
        onSuccess: { sqs, queueUrl: aws().queueUrl('on-success') },
      },
    )

    expect(await readDestinationRecords(aws(), 'on-failure')).toEqual([])
    const [success] = await readDestinationRecords(aws(), 'on-success')
    expect(success).toMatchObject({
      requestContext: { condition: 'Success', approximateInvokeCount: 1 },
      responsePayload: 'fine',
    })
  })
})
