import middy, { type Request } from '@middy/core'
import {
  IdempotencyPayloadMismatchError,
  type IdempotencyStore,
  IdempotencyStoreError,
  idempotency,
  MemoryStore,
} from '@repo/idempotency'
import { loadCorpusEvent } from '@repo/shared'
import type { Context, EventBridgeEvent } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { lambdaContext, manualClock } from './support/context.ts'
import { recordingLogger } from './support/log.ts'
import { promised } from './support/stores.ts'

type Event = EventBridgeEvent<string, { n?: number }>
const eventBridge = (): Event => loadCorpusEvent<Event>('powertools-ts__eventbridge__base')
const KEY = 'test-fn#eb:6a7e8feb-b491-4cf7-a9f1-bf3703467718'

const request = (context: Context = lambdaContext()): Request<Event, unknown, Error, Context> => ({
  event: eventBridge(),
  context,
  response: undefined,
  error: undefined,
  internal: {},
})

describe('hooks return a promise only when the store does', () => {
  it('with a synchronous store, before, after and onError settle at once', () => {
    const middleware = idempotency({ store: new MemoryStore() })
    const first = request()
    expect(middleware.before?.(first)).toBeUndefined()
    first.response = 'done'
    expect(middleware.after?.(first)).toBeUndefined()
    const replay = request()
    expect(middleware.before?.(replay)).toBeUndefined()
    expect(replay.earlyResponse).toBe('done')
    const failing = request()
    failing.event = { ...failing.event, id: 'another' }
    expect(middleware.before?.(failing)).toBeUndefined()
  })

  it('with a store answering through promises, each hook returns one', async () => {
    const { logger, lines } = recordingLogger()
    const middleware = idempotency({ store: promised(), logger })
    const first = request()
    const before = middleware.before?.(first)
    expect(before).toBeInstanceOf(Promise)
    await before
    first.response = 'done'
    const after = middleware.after?.(first)
    expect(after).toBeInstanceOf(Promise)
    await after
    const replay = request()
    await middleware.before?.(replay)
    expect(replay.earlyResponse).toBe('done')
    expect(lines).toEqual([])
  })

  it('hands the lock over once: a second after or onError for one request does nothing', async () => {
    const store = new MemoryStore()
    const middleware = idempotency({ store })
    const first = request()
    middleware.before?.(first)
    first.response = 'done'
    middleware.after?.(first)
    first.error = new Error('late')
    await middleware.onError?.(first)
    expect(store.get(KEY, Date.now())).toMatchObject({ status: 'COMPLETED', result: 'done' })
  })
})

describe('after the handler ran', () => {
  it.each([
    [
      'throws',
      (store: MemoryStore): IdempotencyStore =>
        Object.assign(store, {
          complete: () => {
            throw new Error('throttled')
          },
        }),
    ],
    [
      'rejects',
      (store: MemoryStore): IdempotencyStore =>
        promised(store, {
          complete: async () => {
            throw new Error('throttled')
          },
        }),
    ],
  ])(
    'a store that %s on complete keeps the lock until its deadline (a retry before then would run twice)',
    async (_, wrap) => {
      const inner = new MemoryStore()
      const clock = manualClock()
      const handler = middy(async () => 'ran').use(
        idempotency({ store: wrap(inner), now: clock.now }),
      )
      const context = lambdaContext({ clock: clock.now, deadline: clock.now() + 5_000 })
      await expect(handler(eventBridge(), context)).rejects.toBeInstanceOf(IdempotencyStoreError)
      expect(inner.get(KEY, clock.now() + 4_999)).toMatchObject({ status: 'IN_PROGRESS' })
      expect(inner.get(KEY, clock.now() + 5_000)).toBeUndefined()
    },
  )

  it.each([
    ['MemoryStore', () => new MemoryStore()],
    ['MemoryStore behind promises', () => promised()],
  ])('%s: a lock lost to a takeover stores nothing and logs lock_lost', async (_, create) => {
    const store = create()
    const clock = manualClock()
    const { logger, lines } = recordingLogger()
    let takeover: (() => Promise<unknown>) | undefined
    const handler = middy(async () => {
      // While this invocation runs past its deadline, a retry takes the key over.
      clock.advance(1_000)
      await takeover?.()
      return 'late'
    }).use(idempotency({ store, now: clock.now, logger }))
    takeover = async () => {
      takeover = undefined
      await store.acquire({
        key: KEY,
        owner: 'retry',
        expiresAt: clock.now() + 60_000,
        now: clock.now(),
      })
    }
    const context = lambdaContext({ clock: clock.now, deadline: clock.now() + 500 })
    await expect(handler(eventBridge(), context)).resolves.toBe('late')
    expect(await store.get(KEY, clock.now())).toMatchObject({ status: 'IN_PROGRESS' })
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'WARN',
        idempotency: 'lock_lost',
        key: KEY,
        trigger: 'eventbridge',
        message: expect.stringMatching(/^Result not stored: lock taken over$/),
      }),
    ])
  })

  it('stores the result for ttlSeconds from completion', async () => {
    const store = new MemoryStore()
    const clock = manualClock()
    const handler = middy(async () => 'ran').use(
      idempotency({ store, now: clock.now, ttlSeconds: 60 }),
    )
    await handler(eventBridge(), lambdaContext({ clock: clock.now }))
    expect(store.get(KEY, clock.now())).toMatchObject({ expiresAt: clock.now() + 60_000 })
  })

  it('keeps a result one hour by default', async () => {
    const store = new MemoryStore()
    const clock = manualClock()
    const handler = middy(async () => 'ran').use(idempotency({ store, now: clock.now }))
    await handler(eventBridge(), lambdaContext({ clock: clock.now }))
    expect(store.get(KEY, clock.now())).toMatchObject({ expiresAt: clock.now() + 3_600_000 })
  })
})

describe('the lock', () => {
  it('expires at the invocation deadline', async () => {
    const store = new MemoryStore()
    const clock = manualClock()
    let seen: unknown
    const handler = middy(async () => {
      seen = store.get(KEY, clock.now())
    }).use(idempotency({ store, now: clock.now }))
    await handler(eventBridge(), lambdaContext({ clock: clock.now, deadline: clock.now() + 7_000 }))
    expect(seen).toMatchObject({ status: 'IN_PROGRESS', expiresAt: clock.now() + 7_000 })
  })

  it('outside Lambda lasts lockTimeoutMs, 15 minutes by default, under the namespace "local"', async () => {
    const clock = manualClock()
    const bare = { awsRequestId: 'r-1' } as Context
    for (const [options, lasts] of [
      [{}, 900_000],
      [{ lockTimeoutMs: 2_000 }, 2_000],
    ] as const) {
      const store = new MemoryStore()
      let seen: unknown
      const handler = middy(async () => {
        seen = store.get('local#eb:6a7e8feb-b491-4cf7-a9f1-bf3703467718', clock.now())
      }).use(idempotency({ store, now: clock.now, ...options }))
      await handler(eventBridge(), bare)
      expect(seen).toMatchObject({ expiresAt: clock.now() + lasts })
    }
  })
})

describe('logging', () => {
  it('calls nothing on the logger for a replay when DEBUG is off', async () => {
    const logger = { enabled: vi.fn(() => false), debug: vi.fn(), warn: vi.fn() }
    const handler = middy(async () => 1).use(idempotency({ logger }))
    await handler(eventBridge(), lambdaContext())
    await handler(eventBridge(), lambdaContext())
    expect(logger.enabled).toHaveBeenCalledWith('DEBUG')
    expect(logger.debug).not.toHaveBeenCalled()
  })

  it('warns on a payload mismatch and on a lock kept after an early timeout', async () => {
    const { logger, lines } = recordingLogger()
    const store = new MemoryStore()
    const fingerprinted = middy(async () => 1).use(
      idempotency<Event>({ store, logger, fingerprint: (event) => event.detail }),
    )
    await fingerprinted(eventBridge(), lambdaContext())
    await expect(
      fingerprinted({ ...eventBridge(), detail: { n: 2 } }, lambdaContext()),
    ).rejects.toBeInstanceOf(IdempotencyPayloadMismatchError)
    const slow = middy(async () => new Promise(() => {}), { timeoutEarlyInMillis: 5 }).use(
      idempotency({ store: new MemoryStore(), logger }),
    )
    await expect(
      slow(eventBridge(), lambdaContext({ deadline: Date.now() + 30 })),
    ).rejects.toMatchObject({
      name: 'TimeoutError',
    })
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'WARN',
        idempotency: 'payload_mismatch',
        message: 'Refused: key used with another payload',
      }),
      expect.objectContaining({
        level: 'WARN',
        idempotency: 'timeout_lock_kept',
        message: expect.stringMatching(/^Early timeout: lock kept until it expires$/),
      }),
    ])
  })
})

describe('owner tokens', () => {
  // The token is a per-process prefix renewed every 1 024 acquisitions plus a counter: a store only
  // lets the owner complete or release a lock, so a token seen twice would let one call finish
  // another's lock.
  it('are unique per acquisition, well past the 1 024 that share a prefix', () => {
    const owners: string[] = []
    const inner = new MemoryStore({ maxEntries: 5_000 })
    const recording: IdempotencyStore = {
      acquire: (attempt) => {
        owners.push(attempt.owner)
        return inner.acquire(attempt)
      },
      complete: (completion) => inner.complete(completion),
      release: (key, owner) => inner.release(key, owner),
      get: (key, now) => inner.get(key, now),
    }
    const middleware = idempotency({ store: recording })
    for (let n = 0; n < 3_000; n++) {
      const call = request()
      call.event = { ...call.event, id: `event-${n}` }
      middleware.before?.(call)
    }
    expect(owners).toHaveLength(3_000)
    expect(new Set(owners).size).toBe(3_000)
  })
})
