import { SQSClient } from '@aws-sdk/client-sqs'
import { MemoryStore } from '@repo/idempotency'
import { snsEvent, snsRecord } from '@repo/shared'
import {
  countMessages,
  invoke,
  useLocalAws,
  VirtualClock,
  watchAcquires,
} from '@repo/shared/harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FanoutIncompleteError } from '../src/errors.ts'
import { createHandler } from '../src/handler.ts'
import { DEADLINE_MARGIN_MS, MAX_RECORDS_IN_FLIGHT } from '../src/limits.ts'
import { declaration } from '../src/trigger.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  { queues: ['orders', 'invoices', 'catch-all', 'big-orders', 'late-orders'] },
)

const TIMEOUT_SECONDS = declaration.function.timeout

/** A MemoryStore that counts the record locks taken at once, and can make each take time. */
const watchedStore = (delay?: () => Promise<void>) => watchAcquires(new MemoryStore(), delay)

/** Counts SendMessageBatch requests in flight at once. */
const watchBatches = (sqs: SQSClient) => {
  const watch = { inFlight: 0, peak: 0, requests: 0 }
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SendMessageBatchCommand') return next(args)
      watch.requests++
      watch.inFlight++
      watch.peak = Math.max(watch.peak, watch.inFlight)
      try {
        return await next(args)
      } finally {
        watch.inFlight--
      }
    },
    { step: 'initialize', name: 'watchBatches' },
  )
  return watch
}

const records = (count: number, type: string) =>
  Array.from({ length: count }, (_, index) =>
    snsRecord({ message: JSON.stringify({ type, index }), attributes: { type } }),
  )

describe('a batch far larger than SNS sends', () => {
  it(`forwards 10 000 records within the ${TIMEOUT_SECONDS} s function timeout, at most ${MAX_RECORDS_IN_FLIGHT} locks and 5 SQS requests at once`, async () => {
    const sqs = new SQSClient({})
    const batches = watchBatches(sqs)
    const { store, watch } = watchedStore()
    const handler = createHandler({
      config: {
        routes: new Map([['big', aws().queueUrl('big-orders')]]),
        catchAllQueueUrl: aws().queueUrl('catch-all'),
      },
      sqs,
      store,
    })

    const run = await invoke(handler, snsEvent(records(10_000, 'big')), {
      timeoutSeconds: TIMEOUT_SECONDS,
    })

    expect(run.status === 'success' && run.result).toEqual({ forwarded: 10_000, replayed: 0 })
    expect(await countMessages(aws(), 'big-orders')).toBe(10_000)
    expect(watch.peak).toBe(MAX_RECORDS_IN_FLIGHT)
    expect(batches.requests).toBe(1_000)
    expect(batches.peak).toBeLessThanOrEqual(MAX_RECORDS_IN_FLIGHT / 10)
    // The function's timeout bounds the invocation; the test may take longer on a loaded machine.
  }, 60_000)

  it('stops starting records before the deadline, reports what it finished, and the retry finishes the rest once', async () => {
    const clock = new VirtualClock()
    let slow = true
    // Each window takes 2 s of (virtual) time while `slow`: 30 s cannot hold 20 windows.
    const { store } = watchedStore(async () => {
      if (slow) await clock.sleep(2_000)
    })
    const handler = createHandler({
      config: {
        routes: new Map([['late', aws().queueUrl('late-orders')]]),
        catchAllQueueUrl: aws().queueUrl('catch-all'),
      },
      sqs: new SQSClient({}),
      store,
      now: () => clock.now(),
    })
    const event = snsEvent(records(20 * MAX_RECORDS_IN_FLIGHT, 'late'))
    // Virtual time moves only with the store's sleeps: real SQS calls, however slow on a loaded
    // machine, must not let the clock jump to the timeout (idleRealMs).
    const options = { clock, timeoutSeconds: TIMEOUT_SECONDS, idleRealMs: 30_000 }

    const first = await invoke(handler, event, options)

    expect(first.status).toBe('error') // not a timeout: it returned with time to spare
    const error = first.status === 'error' ? first.thrown : undefined
    expect(error).toBeInstanceOf(FanoutIncompleteError)
    const incomplete = error as FanoutIncompleteError
    expect(incomplete.failures).toEqual([])
    expect(incomplete.notStarted).toBeGreaterThan(0)
    expect(incomplete.done + incomplete.notStarted).toBe(event.Records.length)
    // Whole windows, and the last one started with at least the margin left.
    expect(incomplete.done % MAX_RECORDS_IN_FLIGHT).toBe(0)
    const windows = incomplete.done / MAX_RECORDS_IN_FLIGHT
    expect(TIMEOUT_SECONDS * 1000 - (windows - 1) * 2_000).toBeGreaterThanOrEqual(
      DEADLINE_MARGIN_MS,
    )
    expect(first.durationMs).toBeLessThanOrEqual(
      TIMEOUT_SECONDS * 1000 - DEADLINE_MARGIN_MS + 2_000,
    )
    expect(incomplete.message).toContain(`${incomplete.notStarted} not started before the deadline`)
    expect(await countMessages(aws(), 'late-orders')).toBe(incomplete.done)

    slow = false
    const retry = await invoke(handler, event, options)

    expect(retry.status === 'success' && retry.result).toEqual({
      forwarded: incomplete.notStarted,
      replayed: incomplete.done,
    })
    expect(await countMessages(aws(), 'late-orders')).toBe(event.Records.length)
  })
})
