import { runInWindows } from '@repo/runtime'
import { describe, expect, it } from 'vitest'

/** A context whose remaining time drops by `perCall` ms at each read. */
const clockedContext = (startMs: number, perCall = 0) => {
  let remaining = startMs
  let reads = 0
  return {
    getRemainingTimeInMillis: () => {
      reads++
      const now = remaining
      remaining -= perCall
      return now
    },
    reads: () => reads,
  }
}

describe('runInWindows', () => {
  it('runs the items in windows of `size`, one window at a time, and returns outcomes in item order', async () => {
    const windows: number[][] = []
    let inFlight = 0
    let peak = 0
    const outcomes = await runInWindows(
      [1, 2, 3, 4, 5, 6, 7],
      { size: 3, marginMs: 0, context: clockedContext(60_000) },
      async (window) => {
        windows.push([...window])
        inFlight += window.length
        peak = Math.max(peak, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 1))
        inFlight -= window.length
        return window.map((item) => item * 10)
      },
    )
    expect(windows).toEqual([[1, 2, 3], [4, 5, 6], [7]])
    expect(peak).toBe(3)
    expect(outcomes).toEqual([10, 20, 30, 40, 50, 60, 70])
  })

  it('starts no window after the first with less than marginMs left; the rest are not started', async () => {
    // 10 s left at the first check, 4 s less at each: windows 2 and 3 start, window 4 does not.
    const context = clockedContext(10_000, 4_000)
    const started: number[] = []
    const outcomes = await runInWindows(
      Array.from({ length: 10 }, (_, i) => i),
      { size: 2, marginMs: 3_000, context },
      async (window) => {
        started.push(window[0] as number)
        return window
      },
    )
    expect(started).toEqual([0, 2, 4])
    expect(outcomes).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('always runs the first window, whatever time is left, and reads no clock for it', async () => {
    const context = clockedContext(0)
    const outcomes = await runInWindows(
      [1, 2, 3],
      { size: 2, marginMs: 5_000, context },
      async (w) => w,
    )
    expect(outcomes).toEqual([1, 2])
    expect(context.reads()).toBe(1)
  })

  it('refuses a window size that is not a whole number above 0', async () => {
    for (const size of [0, -1, 1.5, Number.NaN])
      await expect(
        runInWindows([1], { size, marginMs: 0, context: clockedContext(1_000) }, async (w) => w),
      ).rejects.toThrow(RangeError)
  })
})
