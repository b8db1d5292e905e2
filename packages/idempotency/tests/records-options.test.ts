import { IdempotencyPayloadMismatchError, MemoryStore, processRecordsOnce } from '@repo/idempotency'
import type { Context } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaContext, manualClock } from './support/context.ts'
import { recordingLogger } from './support/log.ts'
import { promised } from './support/stores.ts'

describe('processRecordsOnce options', () => {
  it('takes every option it documents', async () => {
    const clock = manualClock()
    const { logger } = recordingLogger('DEBUG')
    const store = new MemoryStore()
    const outcomes = await processRecordsOnce([{ id: 'a' }], (record) => record.id, {
      store,
      context: lambdaContext({ clock: clock.now }),
      key: (record) => record.id,
      fingerprint: (record) => record.id,
      namespace: 'orders',
      ttlSeconds: 5,
      lockTimeoutMs: 10,
      now: clock.now,
      logger,
    })
    expect(outcomes).toEqual([{ status: 'processed', result: 'a' }])
    expect(store.get('orders#a', clock.now())).toMatchObject({ expiresAt: clock.now() + 5_000 })
  })

  it('locks each record until the invocation deadline, or lockTimeoutMs outside Lambda', async () => {
    const clock = manualClock()
    const store = new MemoryStore()
    const seen: unknown[] = []
    const look = (record: string) => {
      seen.push(store.get(`fn#${record}`, clock.now()))
    }
    const inLambda = lambdaContext({
      functionName: 'fn',
      clock: clock.now,
      deadline: clock.now() + 4_000,
    })
    await processRecordsOnce(['a'], look, {
      store,
      context: inLambda,
      key: (r) => r,
      now: clock.now,
    })
    const outside = { functionName: 'fn', awsRequestId: 'r' } as Context
    await processRecordsOnce(['b'], look, {
      store,
      context: outside,
      key: (r) => r,
      now: clock.now,
    })
    await processRecordsOnce(['c'], look, {
      store,
      context: outside,
      key: (r) => r,
      now: clock.now,
      lockTimeoutMs: 3_000,
    })
    expect(seen).toEqual([
      expect.objectContaining({ status: 'IN_PROGRESS', expiresAt: clock.now() + 4_000 }),
      expect.objectContaining({ status: 'IN_PROGRESS', expiresAt: clock.now() + 900_000 }),
      expect.objectContaining({ status: 'IN_PROGRESS', expiresAt: clock.now() + 3_000 }),
    ])
    // Completed records are kept an hour by default.
    expect(store.get('fn#a', clock.now())).toMatchObject({ expiresAt: clock.now() + 3_600_000 })
  })

  it('namespaces keys by the function name, or "local" without one', async () => {
    const store = new MemoryStore()
    await processRecordsOnce(['a'], () => 1, { store, context: lambdaContext(), key: (r) => r })
    await processRecordsOnce(['a'], () => 1, {
      store,
      context: { awsRequestId: 'r' } as Context,
      key: (r) => r,
    })
    expect(store.get('test-fn#a', Date.now())).toBeDefined()
    expect(store.get('local#a', Date.now())).toBeDefined()
  })

  it('fails a record redelivered with another payload fingerprint, without running it', async () => {
    const store = new MemoryStore()
    let runs = 0
    const options = {
      store,
      context: lambdaContext(),
      key: (record: { id: string; body: string }) => record.id,
      fingerprint: (record: { id: string; body: string }) => record.body,
    }
    await processRecordsOnce([{ id: 'm', body: 'one' }], () => ++runs, options)
    const [outcome] = await processRecordsOnce([{ id: 'm', body: 'two' }], () => ++runs, options)
    expect(outcome).toMatchObject({
      status: 'failed',
      error: expect.any(IdempotencyPayloadMismatchError),
    })
    const [same] = await processRecordsOnce([{ id: 'm', body: 'one' }], () => ++runs, options)
    expect(same).toEqual({ status: 'replayed', result: 1 })
    expect(runs).toBe(1)
  })

  it.each([
    ['MemoryStore', () => new MemoryStore()],
    ['MemoryStore behind promises', () => promised()],
  ])(
    '%s: logs replays and in-progress records at DEBUG with trigger "record"',
    async (_, create) => {
      const store = create()
      const { logger, lines } = recordingLogger('DEBUG')
      const options = { store, context: lambdaContext(), key: (r: string) => r, logger }
      await processRecordsOnce(['a'], () => 1, options)
      await processRecordsOnce(['a'], () => 1, options)
      await store.acquire({
        key: 'test-fn#b',
        owner: 'other',
        expiresAt: Date.now() + 60_000,
        now: Date.now(),
      })
      await processRecordsOnce(['b'], () => 1, options)
      expect(lines).toEqual([
        expect.objectContaining({
          level: 'DEBUG',
          idempotency: 'replay',
          trigger: 'record',
          key: 'test-fn#a',
        }),
        expect.objectContaining({
          level: 'DEBUG',
          idempotency: 'in_progress',
          trigger: 'record',
          key: 'test-fn#b',
          message: 'Refused: key in progress',
        }),
      ])
    },
  )

  it('logs lock_lost when a record’s lock was taken over while it ran', async () => {
    const store = new MemoryStore()
    const clock = manualClock()
    const { logger, lines } = recordingLogger('DEBUG')
    const outcomes = await processRecordsOnce(
      ['a'],
      () => {
        clock.advance(10_000)
        store.acquire({
          key: 'test-fn#a',
          owner: 'retry',
          expiresAt: clock.now() + 1,
          now: clock.now(),
        })
        return 'late'
      },
      {
        store,
        context: lambdaContext({ clock: clock.now, deadline: clock.now() + 1_000 }),
        key: (r) => r,
        now: clock.now,
        logger,
      },
    )
    expect(outcomes).toEqual([{ status: 'processed', result: 'late' }])
    expect(lines).toEqual([
      expect.objectContaining({ idempotency: 'lock_lost', trigger: 'record' }),
    ])
  })
})
