import { describe, expect, it } from 'vitest'
import { storeKinds } from './support/stores.ts'

// What every IdempotencyStore promises, checked on both stores with the same calls.
describe.each(storeKinds())('$name store contract', (kind) => {
  it('acquires a free key once; a second acquire sees the live record', async () => {
    const store = await kind.create()
    expect(
      await store.acquire({ key: 'k', owner: 'a', expiresAt: 1_000, fingerprint: 'fp', now: 1 }),
    ).toEqual({ acquired: true })
    expect(await store.acquire({ key: 'k', owner: 'b', expiresAt: 2_000, now: 2 })).toEqual({
      acquired: false,
      record: { status: 'IN_PROGRESS', expiresAt: 1_000, fingerprint: 'fp', result: undefined },
    })
  })

  it('a lock is live until the instant it expires, and free from then on', async () => {
    const store = await kind.create()
    await store.acquire({ key: 'k', owner: 'a', expiresAt: 1_000, now: 1 })
    expect(
      (await store.acquire({ key: 'k', owner: 'b', expiresAt: 5_000, now: 999 })).acquired,
    ).toBe(false)
    expect((await store.get('k', 999))?.status).toBe('IN_PROGRESS')
    expect(await store.get('k', 1_000)).toBeUndefined()
    expect(
      (await store.acquire({ key: 'k', owner: 'b', expiresAt: 5_000, now: 1_000 })).acquired,
    ).toBe(true)
  })

  it('only the owner completes; the record keeps the owner’s state after a stranger tries', async () => {
    const store = await kind.create()
    await store.acquire({ key: 'k', owner: 'owner', expiresAt: 1_000, now: 1 })
    expect(
      await store.complete({ key: 'k', owner: 'stranger', result: 'theirs', expiresAt: 9_000 }),
    ).toBe(false)
    expect(await store.get('k', 2)).toMatchObject({ status: 'IN_PROGRESS', expiresAt: 1_000 })
    expect(
      await store.complete({ key: 'k', owner: 'owner', result: { n: 1 }, expiresAt: 9_000 }),
    ).toBe(true)
    expect(await store.get('k', 2)).toMatchObject({
      status: 'COMPLETED',
      expiresAt: 9_000,
      result: { n: 1 },
    })
    // Completed is final: the owner cannot complete again, nor release it.
    expect(
      await store.complete({ key: 'k', owner: 'owner', result: 'again', expiresAt: 9_500 }),
    ).toBe(false)
    expect(await store.release('k', 'owner')).toBe(false)
    expect(await store.get('k', 2)).toMatchObject({ status: 'COMPLETED', result: { n: 1 } })
  })

  it('only the owner releases an in-progress lock; a stranger’s release leaves it in place', async () => {
    const store = await kind.create()
    await store.acquire({ key: 'k', owner: 'owner', expiresAt: 1_000, now: 1 })
    expect(await store.release('k', 'stranger')).toBe(false)
    expect((await store.get('k', 2))?.status).toBe('IN_PROGRESS')
    expect(await store.release('k', 'owner')).toBe(true)
    expect(await store.get('k', 2)).toBeUndefined()
  })

  it('completing or releasing a key that was never taken changes nothing', async () => {
    const store = await kind.create()
    expect(await store.complete({ key: 'none', owner: 'o', result: 1, expiresAt: 9 })).toBe(false)
    expect(await store.release('none', 'o')).toBe(false)
    expect(await store.get('none', 1)).toBeUndefined()
  })

  it('hands out copies of a result: changing one does not change the stored one', async () => {
    const store = await kind.create()
    await store.acquire({ key: 'k', owner: 'o', expiresAt: 1_000, now: 1 })
    const result = { list: [1] }
    await store.complete({ key: 'k', owner: 'o', result, expiresAt: 9_000 })
    result.list.push(2)
    const first = (await store.get('k', 2))?.result as { list: number[] }
    first.list.push(3)
    expect((await store.get('k', 2))?.result).toEqual({ list: [1] })
  })
})
