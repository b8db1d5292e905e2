import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nextTicks, ScheduleExpressionError } from '../src/index.ts'

const iso = (dates: Date[]) => dates.map((date) => date.toISOString())
// A Friday.
const from = new Date('2025-03-14T10:07:30Z')

describe('nextTicks for rate()', () => {
  it('counts whole periods from the given moment', () => {
    expect(iso(nextTicks('rate(5 minutes)', from, 3))).toEqual([
      '2025-03-14T10:12:30.000Z',
      '2025-03-14T10:17:30.000Z',
      '2025-03-14T10:22:30.000Z',
    ])
    expect(iso(nextTicks('rate(1 day)', from, 1))).toEqual(['2025-03-15T10:07:30.000Z'])
  })
})

describe('nextTicks for cron() (UTC)', () => {
  it('runs at noon on weekdays: cron(0 12 ? * MON-FRI *)', () => {
    expect(iso(nextTicks('cron(0 12 ? * MON-FRI *)', from, 3))).toEqual([
      '2025-03-14T12:00:00.000Z',
      '2025-03-17T12:00:00.000Z',
      '2025-03-18T12:00:00.000Z',
    ])
  })

  it('runs every quarter hour: cron(0/15 * * * ? *)', () => {
    expect(iso(nextTicks('cron(0/15 * * * ? *)', from, 4))).toEqual([
      '2025-03-14T10:15:00.000Z',
      '2025-03-14T10:30:00.000Z',
      '2025-03-14T10:45:00.000Z',
      '2025-03-14T11:00:00.000Z',
    ])
  })

  it('is strictly after `from`, even on a tick', () => {
    const onTick = new Date('2025-03-14T10:15:00Z')
    expect(iso(nextTicks('cron(0/15 * * * ? *)', onTick, 1))).toEqual(['2025-03-14T10:30:00.000Z'])
  })

  it('handles L (last day of month)', () => {
    expect(iso(nextTicks('cron(0 0 L * ? *)', from, 3))).toEqual([
      '2025-03-31T00:00:00.000Z',
      '2025-04-30T00:00:00.000Z',
      '2025-05-31T00:00:00.000Z',
    ])
  })

  it('handles W (nearest weekday): 15 June 2025 is a Sunday, so Monday 16', () => {
    expect(iso(nextTicks('cron(0 9 15W * ? *)', from, 3))).toEqual([
      '2025-04-15T09:00:00.000Z',
      '2025-05-15T09:00:00.000Z',
      '2025-06-16T09:00:00.000Z',
    ])
  })

  it('handles nL (last Friday of the month)', () => {
    expect(iso(nextTicks('cron(0 10 ? * 6L *)', from, 2))).toEqual([
      '2025-03-28T10:00:00.000Z',
      '2025-04-25T10:00:00.000Z',
    ])
  })

  it('handles # (second Tuesday, fifth Monday)', () => {
    expect(iso(nextTicks('cron(0 10 ? * TUE#2 *)', from, 2))).toEqual([
      '2025-04-08T10:00:00.000Z',
      '2025-05-13T10:00:00.000Z',
    ])
    expect(iso(nextTicks('cron(0 10 ? * MON#5 *)', from, 2))).toEqual([
      '2025-03-31T10:00:00.000Z',
      '2025-06-30T10:00:00.000Z',
    ])
  })

  it('skips months that lack the day (31) instead of rolling over', () => {
    expect(iso(nextTicks('cron(0 0 31 * ? *)', from, 3))).toEqual([
      '2025-03-31T00:00:00.000Z',
      '2025-05-31T00:00:00.000Z',
      '2025-07-31T00:00:00.000Z',
    ])
  })

  it('finds sparse schedules the library alone gives up on (Feb 29, fifth Monday of February)', () => {
    expect(iso(nextTicks('cron(0 0 29 2 ? *)', from, 2))).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
    ])
    expect(iso(nextTicks('cron(0 0 ? 2 MON#5 *)', from, 1))).toEqual(['2044-02-29T00:00:00.000Z'])
  })

  it('returns fewer ticks when the year field runs out, and none for impossible dates', () => {
    expect(iso(nextTicks('cron(0 0 1 1 ? 2025-2026)', from, 5))).toEqual([
      '2026-01-01T00:00:00.000Z',
    ])
    expect(nextTicks('cron(0 0 30 2 ? *)', from, 1)).toEqual([])
  })

  it('rejects malformed expressions with a typed error', () => {
    expect(() => nextTicks('cron(0 12 * * MON *)', from, 1)).toThrow(ScheduleExpressionError)
    expect(() => nextTicks('rate(5 minutes)', from, -1)).toThrow(RangeError)
  })

  it('property: cron ticks are increasing, on whole minutes, and match minute/hour fields', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 23 }),
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (minute, hour, start) => {
          const ticks = nextTicks(`cron(${minute} ${hour} * * ? *)`, start, 3)
          expect(ticks).toHaveLength(3)
          let previous = start.getTime()
          for (const tick of ticks) {
            expect(tick.getTime()).toBeGreaterThan(previous)
            expect(tick.getTime() - previous).toBeLessThanOrEqual(86_400_000)
            expect(tick.getUTCMinutes()).toBe(minute)
            expect(tick.getUTCHours()).toBe(hour)
            expect(tick.getUTCSeconds()).toBe(0)
            previous = tick.getTime()
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
