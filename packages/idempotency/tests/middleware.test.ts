import middy from '@middy/core'
import {
  IdempotencyInProgressError,
  IdempotencyKeyError,
  IdempotencyPayloadMismatchError,
  type IdempotencyStore,
  IdempotencyStoreError,
  idempotency,
  MemoryStore,
} from '@repo/idempotency'
import { createLogger } from '@repo/runtime'
import { loadCorpusEvent } from '@repo/shared'
import type { Context, EventBridgeEvent } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { lambdaContext, manualClock } from './support/context.ts'
import { storeKinds } from './support/stores.ts'

type Event = EventBridgeEvent<string, { n?: number }>
const eventBridge = (): Event => loadCorpusEvent<Event>('powertools-ts__eventbridge__base')

const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe.each(storeKinds())('idempotency() with $name', (kind) => {
  it('runs the handler body exactly once for 50 concurrent deliveries of one event', async () => {
    const store = await kind.create()
    let runs = 0
    const gate = deferred()
    const handler = middy(async () => {
      runs++
      await gate.promise
      return { ok: true }
    }).use(idempotency({ store }))
    let rejected = 0
    const deliveries = Array.from({ length: 50 }, () =>
      handler(eventBridge(), lambdaContext()).catch((error: unknown) => {
        rejected++
        return error
      }),
    )
    // Hold the owner until every duplicate has reached the store and been turned away.
    while (rejected < 49) await new Promise((r) => setTimeout(r, 5))
    gate.resolve()
    const results = await Promise.all(deliveries)
    expect(runs).toBe(1)
    expect(results.filter((r) => r instanceof IdempotencyInProgressError)).toHaveLength(49)
    expect(results).toContainEqual({ ok: true })
    // Once completed, a redelivery replays.
    await expect(handler(eventBridge(), lambdaContext())).resolves.toEqual({ ok: true })
    expect(runs).toBe(1)
  })

  it('replays undefined and null results without running again', async () => {
    const store = await kind.create()
    for (const value of [undefined, null, 0, '', false]) {
      let runs = 0
      const handler = middy(async () => {
        runs++
        return value
      }).use(
        idempotency({
          store,
          key: () => `value-${String(value)}-${typeof value}`,
        }),
      )
      await expect(handler(eventBridge(), lambdaContext())).resolves.toBe(value)
      await expect(handler(eventBridge(), lambdaContext())).resolves.toBe(value)
      expect(runs).toBe(1)
    }
  })

  it('takes over a crashed owner only after its deadline', async () => {
    const store = await kind.create()
    const clock = manualClock()
    let runs = 0
    const handler = middy(async () => {
      runs++
      return 'done'
    }).use(idempotency({ store, now: clock.now }))
    // The crashed owner: it acquired with a 10 s deadline and never completed.
    const crashedKey = 'test-fn#eb:6a7e8feb-b491-4cf7-a9f1-bf3703467718'
    const acquired = await store.acquire({
      key: crashedKey,
      owner: 'crashed',
      expiresAt: clock.now() + 10_000,
      now: clock.now(),
    })
    expect(acquired.acquired).toBe(true)
    expect(eventBridge().id).toBe('6a7e8feb-b491-4cf7-a9f1-bf3703467718')

    clock.advance(9_999)
    await expect(
      handler(eventBridge(), lambdaContext({ clock: clock.now })),
    ).rejects.toBeInstanceOf(IdempotencyInProgressError)
    expect(runs).toBe(0)
    clock.advance(1)
    await expect(handler(eventBridge(), lambdaContext({ clock: clock.now }))).resolves.toBe('done')
    expect(runs).toBe(1)
    // The crashed owner's late completion must not overwrite the new owner's record.
    expect(
      await store.complete({
        key: crashedKey,
        owner: 'crashed',
        result: 'stale',
        expiresAt: clock.now() + 1000,
      }),
    ).toBe(false)
    await expect(handler(eventBridge(), lambdaContext({ clock: clock.now }))).resolves.toBe('done')
  })

  it('freezes the key at acquisition: a later middleware mutating the event does not move it', async () => {
    const store = await kind.create()
    let runs = 0
    const handler = middy(async () => {
      runs++
      return runs
    })
      .use(idempotency({ store }))
      .use({
        before: (request) => {
          ;(request.event as Event).id = `mutated-${Math.random()}`
        },
      })
    expect(await handler(eventBridge(), lambdaContext())).toBe(1)
    expect(await handler(eventBridge(), lambdaContext())).toBe(1)
    expect(runs).toBe(1)
  })

  it('a rejected duplicate leaves the owner record alone (its onError never releases)', async () => {
    const store = await kind.create()
    const gate = deferred()
    const running = deferred()
    let runs = 0
    const handler = middy(async () => {
      runs++
      running.resolve()
      await gate.promise
      return 'owner-result'
    }).use(idempotency({ store }))
    const owner = handler(eventBridge(), lambdaContext())
    await running.promise // the owner holds the lock once its handler runs
    for (let i = 0; i < 3; i++) {
      await expect(handler(eventBridge(), lambdaContext())).rejects.toBeInstanceOf(
        IdempotencyInProgressError,
      )
    }
    gate.resolve()
    await expect(owner).resolves.toBe('owner-result')
    await expect(handler(eventBridge(), lambdaContext())).resolves.toBe('owner-result')
    expect(runs).toBe(1)
  })

  it('releases the lock when the handler throws, so the retry runs', async () => {
    const store = await kind.create()
    let runs = 0
    const handler = middy(async () => {
      runs++
      if (runs === 1) throw new Error('transient')
      return 'second time lucky'
    }).use(idempotency({ store }))
    await expect(handler(eventBridge(), lambdaContext())).rejects.toThrow('transient')
    await expect(handler(eventBridge(), lambdaContext())).resolves.toBe('second time lucky')
    await expect(handler(eventBridge(), lambdaContext())).resolves.toBe('second time lucky')
    expect(runs).toBe(2)
  })

  it("keeps the lock on Middy's early timeout: the handler may still be running", async () => {
    const store = await kind.create()
    const clock = manualClock(Date.now())
    let runs = 0
    const gate = deferred()
    const handler = middy(
      async () => {
        runs++
        await gate.promise
        return 'late'
      },
      { timeoutEarlyInMillis: 5 },
    ).use(idempotency({ store, now: clock.now }))
    const context = lambdaContext({ deadline: Date.now() + 40 })
    await expect(handler(eventBridge(), context)).rejects.toMatchObject({ name: 'TimeoutError' })
    // The handler body is still running: a retry now must not start a second one.
    await expect(
      handler(eventBridge(), lambdaContext({ clock: clock.now })),
    ).rejects.toBeInstanceOf(IdempotencyInProgressError)
    expect(runs).toBe(1)
    gate.resolve()
    // After the first invocation's deadline the lock is free again.
    clock.advance(1_000)
    await expect(handler(eventBridge(), lambdaContext({ clock: clock.now }))).resolves.toBe('late')
    expect(runs).toBe(2)
  })

  it('rejects the same key with another payload fingerprint', async () => {
    const store = await kind.create()
    const handler = middy(async (event: Event) => event.detail).use(
      idempotency<Event>({ store, fingerprint: (event) => event.detail }),
    )
    const first = eventBridge()
    await handler(first, lambdaContext())
    const other = eventBridge()
    other.detail = { n: 42 }
    await expect(handler(other, lambdaContext())).rejects.toBeInstanceOf(
      IdempotencyPayloadMismatchError,
    )
    await expect(handler(eventBridge(), lambdaContext())).resolves.toEqual(first.detail)
  })

  it('compares fingerprints only when both sides have one', async () => {
    const store = await kind.create()
    let runs = 0
    const plain = middy(async () => ++runs).use(idempotency({ store }))
    const printed = middy(async () => ++runs).use(
      idempotency<Event>({ store, fingerprint: (event) => event.detail }),
    )
    // Stored without a fingerprint: a caller with one replays it.
    await expect(plain(eventBridge(), lambdaContext())).resolves.toBe(1)
    await expect(printed(eventBridge(), lambdaContext())).resolves.toBe(1)
    // Stored with one: a caller without replays it too.
    const other = { ...eventBridge(), id: 'another-id' }
    await expect(printed(other, lambdaContext())).resolves.toBe(2)
    await expect(plain(other, lambdaContext())).resolves.toBe(2)
    expect(runs).toBe(2)
  })

  it('waits for the in-flight owner when asked, and returns its result', async () => {
    const store = await kind.create()
    let runs = 0
    const handler = middy(async () => {
      runs++
      await new Promise((r) => setTimeout(r, 60))
      return { from: 'owner' }
    }).use(idempotency({ store, inFlight: { waitMs: 2_000, pollMs: 10 } }))
    const [a, b] = await Promise.all([
      handler(eventBridge(), lambdaContext()),
      handler(eventBridge(), lambdaContext()),
    ])
    expect(a).toEqual({ from: 'owner' })
    expect(b).toEqual({ from: 'owner' })
    expect(runs).toBe(1)
  })

  it('namespaces keys per function by default, or by the namespace option', async () => {
    const store = await kind.create()
    let runs = 0
    const make = (namespace?: string) =>
      middy(async () => ++runs).use(idempotency({ store, namespace }))
    await make('fn#a')(eventBridge(), lambdaContext())
    await make('fn#b')(eventBridge(), lambdaContext())
    await make()(eventBridge(), lambdaContext({ functionName: 'other-fn' }))
    await make()(eventBridge(), lambdaContext({ functionName: 'other-fn' }))
    await make('fn#a')(eventBridge(), lambdaContext())
    expect(runs).toBe(3)
  })
})

describe('idempotency() edge cases', () => {
  it("trigger: 'invocation' keys any event on the request id, stable across async retries", async () => {
    let runs = 0
    const handler = middy(async () => ++runs).use(idempotency({ trigger: 'invocation' }))
    await handler({ custom: true }, lambdaContext({ awsRequestId: 'r1' }))
    await handler({ custom: true }, lambdaContext({ awsRequestId: 'r1' }))
    await handler({ custom: true }, lambdaContext({ awsRequestId: 'r2' }))
    expect(runs).toBe(2)
  })

  it('a custom key returning nothing is a typed error and the handler does not run', async () => {
    let runs = 0
    const handler = middy(async () => ++runs).use(idempotency({ key: () => undefined }))
    await expect(handler({}, lambdaContext())).rejects.toBeInstanceOf(IdempotencyKeyError)
    expect(runs).toBe(0)
  })

  it('a failing store surfaces as IdempotencyStoreError and the handler does not run', async () => {
    const broken: IdempotencyStore = {
      acquire: async () => {
        throw new Error('connection reset')
      },
      complete: async () => true,
      release: async () => true,
      get: async () => undefined,
    }
    let runs = 0
    const handler = middy(async () => ++runs).use(idempotency({ store: broken }))
    const failure = handler(eventBridge(), lambdaContext())
    await expect(failure).rejects.toBeInstanceOf(IdempotencyStoreError)
    await expect(failure).rejects.toThrow(/connection reset/)
    expect(runs).toBe(0)
  })

  it('logs replay and in-flight rejection at DEBUG, one JSON line each, never the payload', async () => {
    const lines: { level: string; entry: Record<string, unknown> }[] = []
    const logger = createLogger({
      level: 'DEBUG',
      write: (level, line) => lines.push({ level, entry: JSON.parse(line) }),
    })
    const gate = deferred()
    const store = new MemoryStore()
    const handler = middy(async () => {
      await gate.promise
      return { secret: 'result-payload' }
    }).use(idempotency({ store, logger }))
    const owner = handler(eventBridge(), lambdaContext())
    await expect(handler(eventBridge(), lambdaContext())).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    )
    gate.resolve()
    await owner
    await handler(eventBridge(), lambdaContext())
    expect(lines.map((line) => [line.level, line.entry.idempotency])).toEqual([
      ['DEBUG', 'in_progress'],
      ['DEBUG', 'replay'],
    ])
    expect(lines[0]?.entry).toMatchObject({
      trigger: 'eventbridge',
      key: expect.stringContaining('eb:'),
      retryAfterMs: expect.any(Number),
    })
    expect(lines[1]?.entry.message).toBe('Replayed the stored result')
    const text = JSON.stringify(lines)
    expect(text).not.toContain('result-payload')
    expect(text).not.toContain('aws.events')
  })

  it('prints nothing for a replay at the default level (INFO), and builds no line for it', async () => {
    const write = vi.fn()
    const logger = createLogger({ env: {}, write })
    const handler = middy(async () => 1).use(idempotency({ logger }))
    await handler(eventBridge(), lambdaContext())
    await handler(eventBridge(), lambdaContext())
    expect(logger.level).toBe('INFO')
    expect(write).not.toHaveBeenCalled()
  })

  it('MemoryStore results are copies: mutating a replay does not change the next one', async () => {
    const handler = middy(async () => ({ list: [1] })).use(idempotency())
    const first = (await handler(eventBridge(), lambdaContext())) as { list: number[] }
    first.list.push(2)
    expect(await handler(eventBridge(), lambdaContext())).toEqual({ list: [1] })
  })

  it('frees the lock of a failed invocation outside Lambda (no deadline), so a retry runs', async () => {
    const clock = manualClock()
    const store = new MemoryStore()
    const context = { functionName: 'fn', awsRequestId: 'x' } as Context
    const handler = middy(async () => {
      throw new Error('boom')
    }).use(idempotency({ store, now: clock.now, lockTimeoutMs: 5_000, trigger: 'invocation' }))
    await expect(handler({}, context)).rejects.toThrow('boom')
    // Released on error: the key is free.
    expect(await store.get('fn#req:x', clock.now())).toBeUndefined()
  })
})
