import { describe, expect, it } from 'vitest'
import { median } from '../src/stats.ts'

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5)
    expect(median([300, 101, 102, 99, 100])).toBe(101)
  })

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2]
    median(samples)
    expect(samples).toEqual([3, 1, 2])
  })

  it('refuses no values rather than returning NaN', () => {
    expect(() => median([])).toThrow(RangeError)
  })
})
