import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import {
  DynamoDBStore,
  IdempotencyResultError,
  IdempotencyResultTooLargeError,
  IdempotencyStoreError,
  MemoryStore,
} from '@repo/idempotency'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Dynamo, startDynamo, total } from './support/dynamo.ts'

describe('MemoryStore', () => {
  // 200 turnovers of the whole store: its ring of entries wraps around many times over.
  it('never holds more than maxEntries, over 200 000 keys', async () => {
    const store = new MemoryStore({ maxEntries: 1_000 })
    let peak = 0
    for (let i = 0; i < 200_000; i++) {
      await store.acquire({ key: `k${i}`, owner: 'o', expiresAt: i + 3_600_000, now: i })
      if (store.size > peak) peak = store.size
    }
    expect(peak).toBe(1_000)
    // The newest keys are the ones kept.
    expect(await store.get('k199999', 199_999)).toBeDefined()
    expect(await store.get('k198999', 199_999)).toBeUndefined()
    expect(await store.get('k199000', 199_999)).toBeDefined()
  })

  it('sweeps expired entries so a quiet container shrinks', async () => {
    const store = new MemoryStore({ maxEntries: 10_000 })
    for (let i = 0; i < 50; i++)
      await store.acquire({ key: `old${i}`, owner: 'o', expiresAt: 10, now: 0 })
    // Two expired entries go every 64th insert: 25 sweeps clear all 50.
    for (let i = 0; i < 64 * 25; i++)
      await store.acquire({ key: `new${i}`, owner: 'o', expiresAt: 1_000, now: 20 })
    expect(store.size).toBe(64 * 25)
  })

  it('sweeps two expired entries on every 64th insert, as documented, and counts an entry expiring now as expired', async () => {
    const store = new MemoryStore({ maxEntries: 10_000 })
    for (let i = 0; i < 10; i++)
      await store.acquire({ key: `old${i}`, owner: 'o', expiresAt: 20, now: 0 })
    const insert = async (i: number) =>
      store.acquire({ key: `new${i}`, owner: 'o', expiresAt: 1_000, now: 20 })
    for (let i = 0; i < 53; i++) await insert(i)
    expect(store.size).toBe(63)
    await insert(53) // the 64th insert
    expect(store.size).toBe(64 - 2)
  })

  it('never sweeps an entry that has not expired, however many sweeps pass', async () => {
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

  it('still evicts oldest-acquired first after rebuilding a queue full of stale slots', () => {
    const store = new MemoryStore({ maxEntries: 4 })
    const take = (key: string, owner = 'o') =>
      store.acquire({ key, owner, expiresAt: 1e15, now: 1 })
    for (const key of ['a', 'b', 'c', 'd']) take(key)
    // Releasing and re-acquiring one key leaves a stale ring slot each time, until the ring is full
    // and rebuilt from the live entries (every 60 or so here: it has 64 slots).
    for (let i = 0; i < 1_100; i++) {
      store.release('d', i === 0 ? 'o' : `d${i - 1}`)
      take('d', `d${i}`)
    }
    take('e')
    take('f')
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((key) => store.get(key, 2) !== undefined)).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
    ])
  })

  it('evicts a key taken again after expiry as the newest, not by its first acquisition', () => {
    const store = new MemoryStore({ maxEntries: 2 })
    store.acquire({ key: 'a', owner: 'o', expiresAt: 10, now: 1 })
    store.acquire({ key: 'b', owner: 'o', expiresAt: 1e15, now: 1 })
    store.acquire({ key: 'a', owner: 'o2', expiresAt: 1e15, now: 20 })
    store.acquire({ key: 'c', owner: 'o', expiresAt: 1e15, now: 20 })
    expect(['a', 'b', 'c'].map((key) => store.get(key, 21)?.status)).toEqual([
      'IN_PROGRESS',
      undefined,
      'IN_PROGRESS',
    ])
    expect(store.size).toBe(2)
  })

  it('holds the newest acquisitions through wrap-arounds and rebuilds, checked against a model', () => {
    const max = 3
    const store = new MemoryStore({ maxEntries: max })
    const held: string[] = [] // the model: live keys, oldest acquisition first
    const owners = new Map<string, string>()
    let n = 0
    const take = (key: string) => {
      const owner = `o${n++}`
      store.acquire({ key, owner, expiresAt: 1e15, now: 1 })
      owners.set(key, owner)
      if (held.includes(key)) held.splice(held.indexOf(key), 1)
      held.push(key)
      if (held.length > max) held.shift()
    }
    const release = (key: string) => {
      store.release(key, owners.get(key) as string)
      held.splice(held.indexOf(key), 1)
    }
    const keys = ['a', 'b', 'd', 'e', ...Array.from({ length: 10 }, (_, i) => `k${i}`)]
    take('a')
    take('b')
    release('a')
    // 'b' stays, so the ring's front stops there (once a sweep has moved it past 'a'), while each
    // release and retake of 'd' or 'e' leaves a stale slot: the ring's end wraps around to the
    // first slots and, once every slot is taken, the ring is rebuilt, with 'd' or 'e' live in a
    // wrapped slot. Late on, new keys evict the oldest, moving the front.
    for (let i = 0; i < 400; i++) {
      const key = i % 2 === 0 ? 'd' : 'e'
      if (held.includes(key)) release(key)
      take(key)
      if (i >= 300 && i % 10 === 0) take(`k${(i - 300) / 10}`)
      expect(keys.filter((key) => store.get(key, 2) !== undefined)).toEqual(
        keys.filter((key) => held.includes(key)),
      )
    }
    expect(
      store.complete({ key: 'd', owner: owners.get('d') as string, result: 1, expiresAt: 9 }),
    ).toBe(true)
  })

  it('rejects a nonsensical bound, and takes the smallest sensible one', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(
      new RangeError('MemoryStore maxEntries must be a positive integer, got 0'),
    )
    expect(() => new MemoryStore({ maxEntries: 1.5 })).toThrow(RangeError)
    const one = new MemoryStore({ maxEntries: 1 })
    one.acquire({ key: 'a', owner: 'o', expiresAt: 1e15, now: 1 })
    one.acquire({ key: 'b', owner: 'o', expiresAt: 1e15, now: 1 })
    expect([one.size, one.get('a', 2), one.get('b', 2)?.status]).toEqual([
      1,
      undefined,
      'IN_PROGRESS',
    ])
  })

  it("reports the lock lost, and stores nothing, when the result's toJSON gets its entry evicted", () => {
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

  it("stores the result when the result's toJSON gets its lock moved by a rebuild", () => {
    const store = new MemoryStore({ maxEntries: 4 })
    store.acquire({ key: 'x', owner: 'ox', expiresAt: 1e15, now: 1 })
    store.acquire({ key: 'a', owner: 'oa', expiresAt: 1e15, now: 1 })
    store.acquire({ key: 'd', owner: 'd', expiresAt: 1e15, now: 1 })
    store.release('x', 'ox')
    // Enough stale slots to fill the ring: it is rebuilt from the live entries, so 'a' moves from
    // the second slot to the first.
    const churn = () => {
      for (let i = 0; i < 200; i++) {
        store.release('d', i === 0 ? 'd' : `d${i - 1}`)
        store.acquire({ key: 'd', owner: `d${i}`, expiresAt: 1e15, now: 1 })
      }
      return 'x'
    }
    expect(
      store.complete({ key: 'a', owner: 'oa', result: { toJSON: churn }, expiresAt: 5e14 }),
    ).toBe(true)
    expect(store.get('a', 2)).toEqual({
      status: 'COMPLETED',
      expiresAt: 5e14,
      fingerprint: undefined,
      result: 'x',
    })
  })

  it('orders a rebuilt queue by acquisition, not by Map position (a key taken again after expiry)', () => {
    const store = new MemoryStore({ maxEntries: 4 })
    store.acquire({ key: 'a', owner: 'o', expiresAt: 10, now: 1 })
    for (const key of ['b', 'c', 'd']) store.acquire({ key, owner: 'o', expiresAt: 1e15, now: 1 })
    // 'a' expired and is taken again: newest by acquisition, still first in the Map.
    store.acquire({ key: 'a', owner: 'o', expiresAt: 1e15, now: 20 })
    for (let i = 0; i < 1_100; i++) {
      store.release('d', i === 0 ? 'o' : `d${i - 1}`)
      store.acquire({ key: 'd', owner: `d${i}`, expiresAt: 1e15, now: 20 })
    }
    store.acquire({ key: 'e', owner: 'o', expiresAt: 1e15, now: 20 })
    store.acquire({ key: 'f', owner: 'o', expiresAt: 1e15, now: 20 })
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((key) => store.get(key, 21) !== undefined)).toEqual([
      true,
      false,
      false,
      true,
      true,
      true,
    ])
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
