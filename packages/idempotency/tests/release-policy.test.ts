import middy from '@middy/core'
import {
  IdempotencyResultError,
  IdempotencyStoreError,
  idempotency,
  MemoryStore,
  processRecordsOnce,
} from '@repo/idempotency'
import { loadCorpusEvent } from '@repo/shared'
import type { ALBEvent, ALBResult, EventBridgeEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaContext, manualClock } from './support/context.ts'
import { recordingLogger } from './support/log.ts'
import { promised } from './support/stores.ts'

const eventBridge = () =>
  loadCorpusEvent<EventBridgeEvent<string, unknown>>('powertools-ts__eventbridge__base')
const KEY = 'test-fn#eb:6a7e8feb-b491-4cf7-a9f1-bf3703467718'

/** A store whose release fails, as one does when the network drops: at once, or by rejecting. */
class ReleaseFails extends MemoryStore {
  releases = 0
  override release(): boolean {
    this.releases++
    throw new Error('socket hang up')
  }
}

/** The same over promises: the release rejects. */
const releaseRejects = () => {
  const store = Object.assign(promised(), { releases: 0 })
  store.release = async () => {
    store.releases++
    throw new Error('socket hang up')
  }
  return store
}

describe.each([
  { name: 'throws', failing: () => new ReleaseFails() },
  { name: 'rejects', failing: releaseRejects },
])(
  'a failed release ($name): the original outcome is reported, a warning logged, the lock expires',
  ({ failing }) => {
    it('handler error: the handler’s error is the one thrown; the lock stays until its deadline', async () => {
      const store = failing()
      const clock = manualClock()
      const { logger, lines } = recordingLogger()
      const handler = middy(async () => {
        throw new Error('downstream refused')
      }).use(idempotency({ store, logger, now: clock.now }))
      const context = lambdaContext({ clock: clock.now, deadline: clock.now() + 5_000 })
      await expect(handler(eventBridge(), context)).rejects.toThrow('downstream refused')
      expect(store.releases).toBe(1)
      expect(lines).toEqual([
        expect.objectContaining({
          level: 'WARN',
          idempotency: 'release_failed',
          key: KEY,
          trigger: 'eventbridge',
          reason: 'socket hang up',
          message: 'Release failed: lock kept until it expires',
        }),
      ])
      expect((await store.get(KEY, clock.now() + 4_999))?.status).toBe('IN_PROGRESS')
      expect(await store.get(KEY, clock.now() + 5_000)).toBeUndefined()
    })

    it('HTTP 5xx: the 5xx response is still the answer', async () => {
      const store = failing()
      const { logger, lines } = recordingLogger()
      const unavailable: ALBResult = { statusCode: 503, body: 'try later' }
      const handler = middy(async (_: ALBEvent) => unavailable).use(
        idempotency<ALBEvent>({ store, logger }),
      )
      const event = loadCorpusEvent<ALBEvent>('awsdocs-lambda-dg__alb__services-alb-request')
      const request = { ...event, httpMethod: 'POST', headers: { 'idempotency-key': 'k' } }
      await expect(handler(request, lambdaContext())).resolves.toEqual(unavailable)
      expect(store.releases).toBe(1)
      expect(lines.map((line) => line.idempotency)).toEqual(['release_failed'])
    })

    it('a result that cannot be stored: its IdempotencyResultError is thrown, not the release’s', async () => {
      const store = failing()
      const { logger, lines } = recordingLogger()
      const handler = middy(async () => ({ total: 1n })).use(idempotency({ store, logger }))
      const failure = handler(eventBridge(), lambdaContext())
      await expect(failure).rejects.toBeInstanceOf(IdempotencyResultError)
      await expect(failure).rejects.toThrow(/cannot be stored as JSON/)
      expect(store.releases).toBe(1)
      expect(lines.map((line) => line.idempotency)).toEqual(['release_failed'])
    })

    it('per record: the record fails with the handler’s error, and the next record still runs', async () => {
      const store = failing()
      const { logger, lines } = recordingLogger()
      const work = async (n: number) => {
        if (n === 1) throw new Error('record one failed')
        return n * 10
      }
      const outcomes = await processRecordsOnce([1, 2], work, {
        store,
        context: lambdaContext(),
        key: (n) => `n-${n}`,
        logger,
      })
      expect(outcomes).toEqual([
        { status: 'failed', error: new Error('record one failed') },
        { status: 'processed', result: 20 },
      ])
      expect(lines).toEqual([
        expect.objectContaining({ idempotency: 'release_failed', key: 'test-fn#n-1' }),
      ])
    })
  },
)

describe('when the release works', () => {
  it('a result that cannot be stored frees the key at once, so a retry runs again', async () => {
    const store = new MemoryStore()
    let runs = 0
    const handler = middy(async () => {
      runs++
      return { total: 1n }
    }).use(idempotency({ store }))
    await expect(handler(eventBridge(), lambdaContext())).rejects.toBeInstanceOf(
      IdempotencyResultError,
    )
    expect(await store.get(KEY, Date.now())).toBeUndefined()
    await expect(handler(eventBridge(), lambdaContext())).rejects.toBeInstanceOf(
      IdempotencyResultError,
    )
    expect(runs).toBe(2)
  })

  it('per record: an unstorable result fails that record and frees its key', async () => {
    const store = new MemoryStore()
    const outcomes = await processRecordsOnce([1], async () => 1n, {
      store,
      context: lambdaContext(),
      key: () => 'big',
    })
    expect(outcomes[0]).toMatchObject({
      status: 'failed',
      error: expect.any(IdempotencyResultError),
    })
    expect(await store.get('test-fn#big', Date.now())).toBeUndefined()
  })
})

describe('store failure messages say whether the handler ran', () => {
  it('before the handler: it did not run', async () => {
    const store = promised(new MemoryStore(), {
      acquire: async () => {
        throw 'ECONNREFUSED'
      },
    })
    let runs = 0
    const handler = middy(async () => ++runs).use(idempotency({ store }))
    const failure = handler(eventBridge(), lambdaContext())
    await expect(failure).rejects.toBeInstanceOf(IdempotencyStoreError)
    await expect(failure).rejects.toThrow(
      `Idempotency store acquire failed for key "${KEY}": ECONNREFUSED. The handler did not run`,
    )
    expect(runs).toBe(0)
  })

  it('after the handler: it ran, and its result was not stored', async () => {
    const cause = new IdempotencyStoreError('DynamoDB complete failed: throttled')
    const store = promised(new MemoryStore(), {
      complete: async () => {
        throw cause
      },
    })
    let runs = 0
    const handler = middy(async () => ++runs).use(idempotency({ store }))
    const failure = handler(eventBridge(), lambdaContext())
    await expect(failure).rejects.toMatchObject({
      name: 'IdempotencyStoreError',
      cause,
      message: expect.stringMatching(
        /complete failed for key .*throttled\. The handler ran, but its result was not stored/,
      ),
    })
    await expect(failure).rejects.not.toThrow(/did not run/)
    expect(runs).toBe(1)
  })

  it('names what a store threw even when it is not an Error (null, a string)', async () => {
    for (const thrown of [null, 'ECONNRESET']) {
      const store = new MemoryStore()
      store.acquire = () => {
        throw thrown
      }
      const handler = middy(async () => 1).use(idempotency({ store }))
      await expect(handler(eventBridge(), lambdaContext())).rejects.toThrow(
        `Idempotency store acquire failed for key "${KEY}": ${String(thrown)}. The handler did not run`,
      )
    }
  })

  it('a store that throws at once reads the same as one that rejects', async () => {
    const throwing = new MemoryStore()
    throwing.acquire = () => {
      throw new Error('no route to host')
    }
    let runs = 0
    const before = middy(async () => ++runs).use(idempotency({ store: throwing }))
    await expect(before(eventBridge(), lambdaContext())).rejects.toThrow(
      /acquire failed for key .*: no route to host\. The handler did not run/,
    )
    const completing = new MemoryStore()
    completing.complete = () => {
      throw new Error('disk full')
    }
    const after = middy(async () => ++runs).use(idempotency({ store: completing }))
    await expect(after(eventBridge(), lambdaContext())).rejects.toThrow(
      /complete failed for key .*: disk full\. The handler ran, but its result was not stored/,
    )
    expect(runs).toBe(1)
  })

  it('per record: a failed completion fails that record with the same message', async () => {
    const store = promised(new MemoryStore(), {
      complete: () => {
        throw new Error('throttled')
      },
    })
    const [outcome] = await processRecordsOnce([1], async () => 1, {
      store,
      context: lambdaContext(),
      key: () => 'one',
    })
    expect(outcome).toMatchObject({ status: 'failed', error: expect.any(IdempotencyStoreError) })
    expect(String((outcome as { error: Error }).error.message)).toMatch(/The handler ran/)
  })
})
