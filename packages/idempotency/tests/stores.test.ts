import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import {
  DynamoDBStore,
  IdempotencyResultError,
  IdempotencyResultTooLargeError,
  IdempotencyStoreError,
  MAX_RESULT_BYTES,
  MemoryStore,
} from '@repo/idempotency'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Dynamo, startDynamo, total } from './support/dynamo.ts'

describe('MemoryStore', () => {
  const take = (store: MemoryStore, key: string, at = 1, expiresAt = 1e15, owner = 'o') =>
    store.acquire({ key, owner, expiresAt, now: at })
  const held = (store: MemoryStore, keys: string[], at = 2) =>
    keys.filter((key) => store.get(key, at) !== undefined)

  // 400 turnovers of each generation.
  it('never holds more than maxEntries, over 200 000 keys, and always holds the newest half', async () => {
    const store = new MemoryStore({ maxEntries: 1_000 })
    let peak = 0
    for (let i = 0; i < 200_000; i++) {
      await store.acquire({ key: `k${i}`, owner: 'o', expiresAt: i + 3_600_000, now: i })
      if (store.size > peak) peak = store.size
      if (i >= 499 && i % 9_973 === 0) expect(await store.get(`k${i - 499}`, i)).toBeDefined()
    }
    expect(peak).toBe(1_000)
    expect(await store.get('k199500', 199_999)).toBeDefined()
    expect(await store.get('k198999', 199_999)).toBeUndefined()
  })

  it('drops the older generation whole when the newer one fills up', () => {
    const store = new MemoryStore({ maxEntries: 4 })
    for (const key of ['a', 'b', 'c', 'd']) take(store, key)
    expect([store.size, held(store, ['a', 'b', 'c', 'd'])]).toEqual([4, ['a', 'b', 'c', 'd']])
    take(store, 'e') // the newer generation (c, d) is full: (a, b) goes, (c, d) becomes the older
    expect([store.size, held(store, ['a', 'b', 'c', 'd', 'e'])]).toEqual([3, ['c', 'd', 'e']])
  })

  it('drops a generation whose entries have all expired at the next insert, an entry expiring now included', () => {
    const store = new MemoryStore({ maxEntries: 10_000 })
    for (let i = 0; i < 50; i++) take(store, `old${i}`, 0, i % 2 === 0 ? 10 : 20)
    take(store, 'new', 19, 1_000)
    expect(store.size).toBe(51) // 'old1' and others live until 20: the generation stays
    const quiet = new MemoryStore({ maxEntries: 10_000 })
    for (let i = 0; i < 50; i++) take(quiet, `old${i}`, 0, 20)
    take(quiet, 'new', 20, 1_000)
    expect(quiet.size).toBe(1)
  })

  it('drops an expired older generation while the newer one stays', () => {
    const store = new MemoryStore({ maxEntries: 4 })
    take(store, 'a', 0, 10)
    take(store, 'b', 0, 10)
    take(store, 'c', 0, 1_000) // (a, b) becomes the older generation
    expect(store.size).toBe(3)
    take(store, 'd', 10, 1_000)
    expect([store.size, held(store, ['c', 'd'], 11)]).toEqual([2, ['c', 'd']])
  })

  it('keeps a generation while a result completed in it is replayable, in either generation', () => {
    const store = new MemoryStore({ maxEntries: 6 })
    for (const key of ['a', 'b', 'c']) take(store, key, 0, 10, `o${key}`)
    const complete = (key: string, expiresAt: number) =>
      store.complete({ key, owner: `o${key}`, result: key.toUpperCase(), expiresAt })
    expect(complete('a', 1_000)).toBe(true)
    take(store, 'd', 5, 10, 'od') // (a, b, c) is now the older generation
    // Completed in the older generation: b's later expiry counts for it, c's earlier one does not.
    expect([complete('b', 2_000), complete('c', 700), complete('d', 3_000)]).toEqual([
      true,
      true,
      true,
    ])
    take(store, 'e', 1_500, 1e15)
    expect(['a', 'b', 'c', 'd'].map((key) => store.get(key, 1_500)?.result)).toEqual([
      undefined,
      'B',
      undefined,
      'D',
    ])
    take(store, 'f', 2_500, 1e15) // (a, b, c) has all expired by now; (d, e, f) has not
    expect([store.size, held(store, ['a', 'b', 'c', 'd', 'e', 'f'], 2_500)]).toEqual([
      3,
      ['d', 'e', 'f'],
    ])
  })

  it('never shortens a generation for a completion that expires before its other entries', () => {
    const store = new MemoryStore()
    take(store, 'x', 1, 1e15)
    take(store, 'y', 1, 10, 'oy')
    expect(store.complete({ key: 'y', owner: 'oy', result: 1, expiresAt: 3_000 })).toBe(true)
    take(store, 'z', 3_500)
    expect(held(store, ['x', 'y', 'z'], 3_500)).toEqual(['x', 'z'])
  })

  it('never completes or releases a completed record, whatever owner token is given', () => {
    const store = new MemoryStore()
    take(store, 'a', 1, 1e15, 'oa')
    expect(store.complete({ key: 'a', owner: 'oa', result: 1, expiresAt: 1e15 })).toBe(true)
    for (const owner of ['oa', '']) {
      expect(store.complete({ key: 'a', owner, result: 2, expiresAt: 1e15 })).toBe(false)
      expect(store.release('a', owner)).toBe(false)
    }
    expect(store.get('a', 2)?.result).toBe(1)
  })

  it('never drops a live entry for expiry, however many inserts pass', async () => {
    const store = new MemoryStore({ maxEntries: 10_000 })
    await store.acquire({ key: 'live', owner: 'o', expiresAt: 1_000_000, now: 0 })
    for (let i = 0; i < 64 * 20; i++)
      await store.acquire({ key: `k${i}`, owner: 'o', expiresAt: 1_000_000, now: i })
    expect(await store.get('live', 64 * 20)).toMatchObject({
      status: 'IN_PROGRESS',
      expiresAt: 1_000_000,
    })
    expect(store.size).toBe(1 + 64 * 20)
  })

  it('stays bounded when keys are released and re-acquired over and over', async () => {
    const store = new MemoryStore({ maxEntries: 10 })
    for (let i = 0; i < 20_000; i++) {
      const key = `k${i % 30}`
      await store.acquire({ key, owner: `o${i}`, expiresAt: i + 5, now: i })
      if (i % 3 === 0) await store.release(key, `o${i}`)
      expect(store.size).toBeLessThanOrEqual(10)
    }
  })

  it('treats a key taken again after expiry as the newest acquisition', () => {
    const store = new MemoryStore({ maxEntries: 2 })
    take(store, 'a', 1, 10)
    take(store, 'b', 1)
    take(store, 'a', 20, 1e15, 'o2')
    take(store, 'c', 20)
    expect(['a', 'b', 'c'].map((key) => store.get(key, 21)?.status)).toEqual([
      'IN_PROGRESS',
      undefined,
      'IN_PROGRESS',
    ])
    expect(store.size).toBe(2)
  })

  it('counts a key taken again out of the older generation once', () => {
    const store = new MemoryStore({ maxEntries: 4 })
    take(store, 'a', 1, 10)
    take(store, 'b', 1)
    take(store, 'c', 1) // (a, b) is now the older generation
    take(store, 'a', 20) // expired there: moved to the newer one
    expect([store.size, held(store, ['a', 'b', 'c'], 21)]).toEqual([3, ['a', 'b', 'c']])
  })

  it('holds every live one of the newest half of the acquisitions, checked against a model', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.tuple(fc.constantFrom('take', 'release', 'complete', 'wait'), fc.nat(11)), {
          maxLength: 200,
        }),
        (maxEntries, steps) => {
          const store = new MemoryStore({ maxEntries })
          const acquisitions: { key: string; owner: string; expiresAt: number }[] = []
          const released = new Set<string>() // owners
          let now = 0
          let n = 0
          for (const [step, k] of steps) {
            const key = `k${k}`
            const last = acquisitions.findLast((a) => a.key === key)
            if (step === 'take') {
              const owner = `o${n++}`
              const expiresAt = now + 1 + (k % 4) * 3
              if (store.acquire({ key, owner, expiresAt, now }).acquired) {
                acquisitions.push({ key, owner, expiresAt })
              }
            } else if (step === 'release' && last) {
              if (store.release(key, last.owner)) released.add(last.owner)
            } else if (step === 'complete' && last) {
              const expiresAt = now + 20
              if (store.complete({ key, owner: last.owner, result: k, expiresAt })) {
                last.expiresAt = expiresAt
              }
            } else if (step === 'wait') now += 1 + (k % 3)
            expect(store.size).toBeLessThanOrEqual(maxEntries)
            const newest = acquisitions.slice(-Math.ceil(maxEntries / 2))
            for (const a of newest) {
              const latest = acquisitions.findLast((b) => b.key === a.key) === a
              if (latest && !released.has(a.owner) && a.expiresAt > now) {
                expect(store.get(a.key, now)?.expiresAt).toBe(a.expiresAt)
              }
            }
            for (const owner of released) {
              const a = acquisitions.find((b) => b.owner === owner)
              if (a && acquisitions.findLast((b) => b.key === a.key) === a) {
                expect(store.get(a.key, now)).toBeUndefined()
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('refuses a result above MAX_RESULT_BYTES of UTF-8, as DynamoDBStore does, and keeps the lock', () => {
    const store = new MemoryStore()
    const complete = (key: string, result: string) => {
      take(store, key, 1, 1e15, `o${key}`)
      return () => store.complete({ key, owner: `o${key}`, result, expiresAt: 1e15 })
    }
    // JSON adds two quotes; 'é' is one code unit and two bytes.
    expect(complete('exact', 'r'.repeat(MAX_RESULT_BYTES - 2))()).toBe(true)
    expect(complete('accents', 'é'.repeat((MAX_RESULT_BYTES - 2) / 2))()).toBe(true)
    expect(complete('over', 'r'.repeat(MAX_RESULT_BYTES - 1))).toThrow(
      expect.objectContaining({
        name: 'IdempotencyResultTooLargeError',
        bytes: MAX_RESULT_BYTES + 1,
      }),
    )
    expect(complete('accents over', 'é'.repeat(MAX_RESULT_BYTES / 2))).toThrow(
      IdempotencyResultTooLargeError,
    )
    expect(store.get('over', 2)?.status).toBe('IN_PROGRESS')
    expect(store.release('over', 'oover')).toBe(true)
  })

  it('turns the newer generation into the older once its results reach half of maxResultChars', () => {
    const store = new MemoryStore({ maxResultChars: 400 })
    const stored = (key: string, chars: number) => {
      take(store, key, 1, 1e15, `o${key}`)
      store.complete({ key, owner: `o${key}`, result: 'r'.repeat(chars - 2), expiresAt: 1e15 })
    }
    stored('a', 150)
    take(store, 'b') // 150 characters of results so far: no turn yet
    stored('c', 50) // 200, exactly half: the next insert turns the generation
    take(store, 'd')
    stored('e', 250) // also over half, alone: the next insert turns again and drops (a, b, c)
    take(store, 'f')
    expect(held(store, ['a', 'b', 'c', 'd', 'e', 'f'])).toEqual(['d', 'e', 'f'])
  })

  it("gives back a result's share when its key is taken again, so the bound does not creep", () => {
    const store = new MemoryStore({ maxResultChars: 400 })
    take(store, 'x')
    for (let now = 10; now < 30; now += 2) {
      take(store, `k${now}`, now) // live entries: the newer generation never expires whole
      take(store, 'a', now, now + 1, `a${now}`)
      store.complete({ key: 'a', owner: `a${now}`, result: 'r'.repeat(148), expiresAt: now + 1 })
    }
    // 150 characters of results held at a time: the generation never turns, so 'x' is never dropped.
    expect(held(store, ['x'], 30)).toEqual(['x'])
  })

  it("forgets an expired generation's results along with it", () => {
    const store = new MemoryStore({ maxResultChars: 400 })
    const stored = (key: string, chars: number, now: number, expiresAt = 1e15) => {
      take(store, key, now, expiresAt, `o${key}`)
      store.complete({ key, owner: `o${key}`, result: 'r'.repeat(chars - 2), expiresAt })
    }
    stored('a', 150, 1, 10)
    stored('b', 100, 20) // 'a' has expired, and its generation goes with its 150 characters
    stored('c', 100, 20) // 200: the next insert turns the generation
    stored('d', 150, 20)
    take(store, 'e', 20) // 150 since the turn: no turn, so 'b' is still held
    expect(held(store, ['a', 'b', 'c', 'd', 'e'], 20)).toEqual(['b', 'c', 'd', 'e'])
  })

  it('rejects a nonsensical bound, and takes the smallest sensible one', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(
      new RangeError('MemoryStore maxEntries must be a positive integer, got 0'),
    )
    expect(() => new MemoryStore({ maxEntries: 1.5 })).toThrow(RangeError)
    expect(() => new MemoryStore({ maxResultChars: 0 })).toThrow(
      new RangeError('MemoryStore maxResultChars must be a positive integer, got 0'),
    )
    const one = new MemoryStore({ maxEntries: 1 })
    one.acquire({ key: 'a', owner: 'o', expiresAt: 1e15, now: 1 })
    one.acquire({ key: 'b', owner: 'o', expiresAt: 1e15, now: 1 })
    expect([one.size, one.get('a', 2), one.get('b', 2)?.status]).toEqual([
      1,
      undefined,
      'IN_PROGRESS',
    ])
  })

  it("reports the lock lost, and stores nothing, when the result's toJSON gets its entry dropped", () => {
    const store = new MemoryStore({ maxEntries: 1 })
    store.acquire({ key: 'a', owner: 'oa', expiresAt: 1e15, now: 1 })
    const result = {
      toJSON: () => {
        store.acquire({ key: 'b', owner: 'ob', expiresAt: 1e15, now: 1 })
        return 'x'
      },
    }
    expect(store.complete({ key: 'a', owner: 'oa', result, expiresAt: 1e15 })).toBe(false)
    expect([store.get('a', 2), store.get('b', 2)?.status, store.size]).toEqual([
      undefined,
      'IN_PROGRESS',
      1,
    ])
  })

  it("stores the result when the result's toJSON moves its lock to the older generation", () => {
    const store = new MemoryStore({ maxEntries: 4 })
    take(store, 'a', 1, 10, 'oa')
    take(store, 'b', 1, 10)
    const result = {
      toJSON: () => {
        take(store, 'c', 1, 10) // the newer generation (a, b) is full: it becomes the older
        return 'x'
      },
    }
    expect(store.complete({ key: 'a', owner: 'oa', result, expiresAt: 1_000 })).toBe(true)
    // Its new expiry counts for the older generation: it is kept after the others have expired.
    take(store, 'd', 50, 1e15)
    expect(store.get('a', 50)).toEqual({
      status: 'COMPLETED',
      expiresAt: 1_000,
      fingerprint: undefined,
      result: 'x',
    })
  })
})

describe('DynamoDBStore on dynalite', () => {
  let dynamo: Dynamo
  let store: DynamoDBStore
  beforeAll(async () => {
    dynamo = await startDynamo()
    await dynamo.createTable('records')
    store = new DynamoDBStore({ client: dynamo.client, tableName: 'records' })
  })
  afterAll(async () => dynamo.close())

  it('writes status, owner, expiry in ms and a TTL attribute in epoch seconds', async () => {
    await store.acquire({
      key: 'a',
      owner: 'o1',
      expiresAt: 1_700_000_000_500,
      fingerprint: 'f',
      now: 1,
    })
    await store.complete({ key: 'a', owner: 'o1', result: { x: 1 }, expiresAt: 1_700_003_600_500 })
    const { Item } = await dynamo.client.send(
      new GetItemCommand({ TableName: 'records', Key: { id: { S: 'a' } } }),
    )
    expect(Item).toMatchObject({
      status: { S: 'COMPLETED' },
      owner: { S: 'o1' },
      expiresAt: { N: '1700003600500' },
      ttl: { N: '1700003601' },
      fingerprint: { S: 'f' },
      result: { S: '{"x":1}' },
    })
  })

  it('first call is one PutItem; a replay is one PutItem plus, on dynalite only, one counted GetItem', async () => {
    dynamo.requests.clear()
    const before = store.fallbackReads
    expect(await store.acquire({ key: 'b', owner: 'o1', expiresAt: 10_000, now: 1 })).toEqual({
      acquired: true,
    })
    expect(Object.fromEntries(dynamo.requests)).toEqual({ PutItem: 1 })
    await store.complete({ key: 'b', owner: 'o1', result: null, expiresAt: 20_000 })
    dynamo.requests.clear()
    const replay = await store.acquire({ key: 'b', owner: 'o2', expiresAt: 10_000, now: 2 })
    expect(replay).toEqual({
      acquired: false,
      record: { status: 'COMPLETED', expiresAt: 20_000, fingerprint: undefined, result: null },
    })
    // dynalite 4 ignores ReturnValuesOnConditionCheckFailure; DynamoDB returns the item on the put.
    expect(store.fallbackReads - before).toBe(1)
    expect(total(dynamo.requests)).toBe(1 + (store.fallbackReads - before))
  })

  it('completes and releases only for the owner', async () => {
    await store.acquire({ key: 'c', owner: 'mine', expiresAt: 10_000, now: 1 })
    expect(await store.release('c', 'theirs')).toBe(false)
    expect(await store.complete({ key: 'c', owner: 'theirs', result: 1, expiresAt: 5 })).toBe(false)
    expect((await store.get('c', 2))?.status).toBe('IN_PROGRESS')
    expect(await store.release('c', 'mine')).toBe(true)
    expect(await store.get('c', 2)).toBeUndefined()
  })

  it('refuses results above the item limit with a clear error', async () => {
    await store.acquire({ key: 'd', owner: 'o', expiresAt: 10_000, now: 1 })
    const big = 'x'.repeat(410 * 1024)
    await expect(
      store.complete({ key: 'd', owner: 'o', result: big, expiresAt: 5 }),
    ).rejects.toBeInstanceOf(IdempotencyResultTooLargeError)
    await expect(
      store.complete({ key: 'd', owner: 'o', result: { n: 1n }, expiresAt: 5 }),
    ).rejects.toBeInstanceOf(IdempotencyResultError)
  })

  it('turns SDK failures into IdempotencyStoreError', async () => {
    const missing = new DynamoDBStore({ client: dynamo.client, tableName: 'no-such-table' })
    await expect(
      missing.acquire({ key: 'e', owner: 'o', expiresAt: 10, now: 1 }),
    ).rejects.toBeInstanceOf(IdempotencyStoreError)
    await expect(missing.acquire({ key: 'e', owner: 'o', expiresAt: 10, now: 1 })).rejects.toThrow(
      /no-such-table/,
    )
  })
})
