import middy from '@middy/core'
import {
  IdempotencyInProgressError,
  IdempotencyStoreError,
  idempotency,
  MemoryStore,
} from '@repo/idempotency'
import { loadCorpusEvent } from '@repo/shared'
import type { Context, EventBridgeEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaContext } from './support/context.ts'

const event = () =>
  loadCorpusEvent<EventBridgeEvent<string, unknown>>('powertools-ts__eventbridge__base')
const KEY = 'test-fn#eb:6a7e8feb-b491-4cf7-a9f1-bf3703467718'

/**
 * A clock that moves 10 ms every time it is read, so how often the waiter polls depends only on the
 * code, never on the machine: the test counts the store reads.
 */
const steppingClock = () => {
  let time = 0
  return () => {
    time += 10
    return time
  }
}

/** A context with a fixed remaining time, read without the clock. */
const remaining = (ms: number): Context => ({
  ...lambdaContext(),
  getRemainingTimeInMillis: () => ms,
})

/** A MemoryStore that counts reads and can act on the n-th. */
class Watched extends MemoryStore {
  reads = 0
  acquires = 0
  override acquire(request: Parameters<MemoryStore['acquire']>[0]) {
    this.acquires++
    return super.acquire(request)
  }
  onRead: (read: number) => void = () => {}
  override get(key: string, now: number) {
    this.reads++
    this.onRead(this.reads)
    return super.get(key, now)
  }
}

describe('inFlight: waiting for the owner', () => {
  it('polls every pollMs until the wait ends, stopping 100 ms before its own deadline', async () => {
    const store = new Watched()
    store.acquire({ key: KEY, owner: 'owner', expiresAt: 1_000_000, now: 0 })
    const now = steppingClock()
    const handler = middy(async () => 'ran').use(
      idempotency({ store, now, inFlight: { waitMs: 5_000, pollMs: 10 } }),
    )
    // before reads the clock once (10): deadline 10 + 310 = 320, so the wait ends at 220. Each
    // round reads it twice: checks at 30, 50, ..., 210 (220 <= 220 still polls), then 230 stops.
    const failure = await handler(event(), remaining(310)).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(IdempotencyInProgressError)
    expect(store.reads).toBe(10)
    // The last read happened at 220 (its `at`): the owner's lock has 1_000_000 - 220 ms left.
    expect((failure as IdempotencyInProgressError).retryAfterMs).toBe(1_000_000 - 220)
  })

  it('waits at most waitMs when its own deadline is further away', async () => {
    const store = new Watched()
    store.acquire({ key: KEY, owner: 'owner', expiresAt: 1_000_000, now: 0 })
    const handler = middy(async () => 'ran').use(
      idempotency({ store, now: steppingClock(), inFlight: { waitMs: 100, pollMs: 10 } }),
    )
    // Wait ends at 20 + 100 = 120: checks at 30, 50, 70, 90, 110 poll; 130 stops.
    await expect(handler(event(), remaining(60_000))).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    )
    expect(store.reads).toBe(5)
  })

  it('does not poll at all when one poll would not fit', async () => {
    const store = new Watched()
    store.acquire({ key: KEY, owner: 'owner', expiresAt: 1_000_000, now: 0 })
    const handler = middy(async () => 'ran').use(
      idempotency({ store, now: steppingClock(), inFlight: { waitMs: 15, pollMs: 15 } }),
    )
    // Wait ends at 20 + 15 = 35; the first check is at 30, and 30 + 15 > 35.
    await expect(handler(event(), remaining(60_000))).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    )
    expect(store.reads).toBe(0)
  })

  it('takes the lock and runs when the owner fails and frees the key during the wait', async () => {
    const store = new Watched()
    store.acquire({ key: KEY, owner: 'owner', expiresAt: 1_000_000, now: 0 })
    store.onRead = (read) => {
      if (read === 2) store.release(KEY, 'owner')
    }
    let runs = 0
    const handler = middy(async () => ++runs).use(
      idempotency({ store, now: steppingClock(), inFlight: { waitMs: 5_000, pollMs: 10 } }),
    )
    await expect(handler(event(), remaining(60_000))).resolves.toBe(1)
    expect(store.reads).toBe(2)
    expect(store.get(KEY, 0)).toMatchObject({ status: 'COMPLETED', result: 1 })
  })

  it('replays the owner’s result as soon as it is stored', async () => {
    const store = new Watched()
    store.acquire({ key: KEY, owner: 'owner', expiresAt: 1_000_000, now: 0 })
    store.onRead = (read) => {
      if (read === 3) store.complete({ key: KEY, owner: 'owner', result: 'theirs', expiresAt: 2e6 })
    }
    const handler = middy(async () => 'ours').use(
      idempotency({ store, now: steppingClock(), inFlight: { waitMs: 5_000, pollMs: 10 } }),
    )
    await expect(handler(event(), remaining(60_000))).resolves.toBe('theirs')
    // The completion happened inside read 3, before that read looked: read 3 already replays.
    expect(store.reads).toBe(3)
    // A record that is still there is judged, not competed for: only `before` acquired.
    expect(store.acquires).toBe(2)
  })

  it('a store read failing while waiting is an IdempotencyStoreError; the handler did not run', async () => {
    const store = new MemoryStore()
    store.acquire({ key: KEY, owner: 'owner', expiresAt: 1_000_000, now: 0 })
    store.get = () => {
      throw new Error('read timeout')
    }
    let runs = 0
    const handler = middy(async () => ++runs).use(
      idempotency({ store, now: steppingClock(), inFlight: { waitMs: 5_000, pollMs: 10 } }),
    )
    await expect(handler(event(), remaining(60_000))).rejects.toThrow(
      new IdempotencyStoreError(
        `Idempotency store read failed for key "${KEY}": read timeout. The handler did not run; retry once the store is reachable.`,
      ),
    )
    expect(runs).toBe(0)
  })

  it('without pollMs, polls every 100 ms', async () => {
    const store = new Watched()
    store.acquire({ key: KEY, owner: 'owner', expiresAt: 1_000_000, now: 0 })
    const handler = middy(async () => 'ran').use(
      idempotency({ store, now: steppingClock(), inFlight: { waitMs: 300 } }),
    )
    // Wait ends at 20 + 300 = 320: checks at 30, 50, ..., 210 (210 + 100 <= 320); 230 stops.
    await expect(handler(event(), remaining(60_000))).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    )
    expect(store.reads).toBe(10)
  }, 10_000)
})
