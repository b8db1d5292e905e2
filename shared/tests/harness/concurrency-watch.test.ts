import { setTimeout } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { watchAcquires } from '../../src/harness/index.ts'

class CountingStore {
  acquired: string[] = []
  async acquire(key: string): Promise<string> {
    this.acquired.push(key)
    return `lock:${key}`
  }
  get(key: string): string | undefined {
    return this.acquired.includes(key) ? key : undefined
  }
}

describe('watchAcquires', () => {
  it('counts the acquires in flight at once and keeps the peak', async () => {
    const inner = new CountingStore()
    const { store, watch } = watchAcquires(inner, () => setTimeout(5))
    const results = await Promise.all(['a', 'b', 'c'].map((key) => store.acquire(key)))
    expect(results).toEqual(['lock:a', 'lock:b', 'lock:c'])
    expect(watch).toEqual({ inFlight: 0, peak: 3 })
    await store.acquire('d')
    expect(watch.peak).toBe(3)
  })

  it('passes every other method to the store, with the store as this', async () => {
    const { store } = watchAcquires(new CountingStore())
    await store.acquire('a')
    expect(store.get('a')).toBe('a')
    expect(store.get('b')).toBeUndefined()
  })
})
