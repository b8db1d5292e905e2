import awsCronParser from 'aws-cron-parser'
import type { CronSchedule } from './cron-expression.ts'
import { parseScheduleExpression } from './schedule-expression.ts'

const minuteMs = 60_000

/**
 * The next `count` times (UTC) a schedule fires strictly after `from`.
 *
 * - `rate()` has no calendar anchor in EventBridge (it counts from when the rule was
 *   created), so ticks are `from + n × period`, with `from` standing for that moment.
 * - `cron()` ticks come from aws-cron-parser, on whole minutes. Fewer than `count` are
 *   returned when the schedule ends (its year field runs out).
 */
export const nextTicks = (scheduleExpression: string, from: Date, count: number): Date[] => {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a whole number ≥ 0; got ${count}`)
  }
  const schedule = parseScheduleExpression(scheduleExpression)
  if (schedule.kind === 'rate') {
    return Array.from(
      { length: count },
      (_, n) => new Date(from.getTime() + (n + 1) * schedule.periodMs),
    )
  }
  const parsed = awsCronParser.parse(schedule.libraryExpression)
  const ticks: Date[] = []
  let cursor: Date | null = from
  while (ticks.length < count && cursor) {
    cursor = nextCronTick(schedule, parsed, cursor)
    if (cursor) ticks.push(cursor)
  }
  return ticks
}

type ParsedCron = ReturnType<typeof awsCronParser.parse>

// The year field stops at 2199, so this bounds every search.
const lastPossibleTick = Date.UTC(2200, 0, 1)

const nextCronTick = (schedule: CronSchedule, parsed: ParsedCron, from: Date): Date | null => {
  let cursor = from
  while (cursor.getTime() < lastPossibleTick) {
    const candidate = libraryNext(parsed, cursor)
    if (!candidate) return null
    if (isRealDate(schedule, candidate)) return candidate
    // The library turns a plain day that the month lacks (Feb 30) into the next month's
    // date; that date is not a tick, so search on from it.
    cursor = candidate
  }
  return null
}

const isRealDate = (schedule: CronSchedule, candidate: Date): boolean =>
  schedule.months.includes(candidate.getUTCMonth() + 1) &&
  (schedule.daysOfMonth === null || schedule.daysOfMonth.includes(candidate.getUTCDate()))

const libraryNext = (parsed: ParsedCron, from: Date): Date | null => {
  let cursor = from
  while (cursor.getTime() < lastPossibleTick) {
    try {
      return awsCronParser.next(parsed, cursor)
    } catch {
      // aws-cron-parser gives up after ten month or year jumps without a match (for
      // example MON#5 in February). Each jump skipped a month with no tick in it, so
      // resuming at the start of the next month skips nothing.
      const searchedFrom = new Date(cursor.getTime() + minuteMs)
      const nextMonth = Date.UTC(searchedFrom.getUTCFullYear(), searchedFrom.getUTCMonth() + 1, 1)
      cursor = new Date(nextMonth - minuteMs)
    }
  }
  return null
}
