import { describe, expect, it } from 'vitest'
import {
  parseScheduleExpression,
  ScheduleExpressionError,
  scheduleExpressionIssues,
} from '../src/index.ts'

const firstIssue = (expression: string) => scheduleExpressionIssues(expression)[0]?.message

describe('rate() expressions', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(12 hours)', 43_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(7 days)', 604_800_000],
  ])('accepts %s', (expression, periodMs) => {
    expect(parseScheduleExpression(expression)).toMatchObject({ kind: 'rate', periodMs })
  })

  it('requires the singular unit for 1, as AWS does', () => {
    expect(firstIssue('rate(1 minutes)')).toContain('write rate(1 minute)')
  })

  it('requires the plural unit above 1', () => {
    expect(firstIssue('rate(5 minute)')).toContain('write rate(5 minutes)')
  })

  it.each([
    ['rate(0 minutes)', 'positive whole number'],
    ['rate(-1 minutes)', 'positive whole number'],
    ['rate(1.5 hours)', 'positive whole number'],
    ['rate(2 weeks)', 'minute(s), hour(s) or day(s)'],
    ['rate(5)', 'exactly a value and a unit'],
  ])('rejects %s', (expression, message) => {
    expect(firstIssue(expression)).toContain(message)
  })
})

describe('cron() expressions', () => {
  it.each([
    'cron(0 12 ? * MON-FRI *)',
    'cron(0/15 * * * ? *)',
    'cron(*/5 * * * ? *)',
    'cron(0 18 ? * MON,WED,FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(0 0 L * ? *)',
    'cron(0 9 15W * ? *)',
    'cron(0 10 ? * 6L 2025-2030)',
    'cron(0 10 ? * MON#2 *)',
    'cron(15 10 ? JAN-MAR,DEC 2 *)',
    'cron(0,30 9-17 ? * * *)',
  ])('accepts %s', (expression) => {
    expect(scheduleExpressionIssues(expression)).toEqual([])
  })

  it('needs exactly six fields', () => {
    expect(firstIssue('cron(0 12 * * ?)')).toContain('takes 6 fields')
    expect(firstIssue('cron(0 12 * * ? * *)')).toContain('got 7')
  })

  it('needs "?" in exactly one of day-of-month and day-of-week', () => {
    expect(firstIssue('cron(0 12 * * MON *)')).toContain(
      'exactly one of day-of-month and day-of-week',
    )
    expect(firstIssue('cron(0 12 ? * ? *)')).toContain(
      'exactly one of day-of-month and day-of-week',
    )
  })

  it.each([
    ['cron(60 * * * ? *)', 'minutes field "60": 60 is outside 0-59'],
    ['cron(0 24 * * ? *)', 'hours field "24": 24 is outside 0-23'],
    ['cron(0 0 32 * ? *)', 'day-of-month field "32"'],
    ['cron(0 0 ? 13 MON *)', 'month field "13"'],
    ['cron(0 0 ? * MONDAY *)', 'day-of-week field "MONDAY"'],
    ['cron(0 0 ? * 8 *)', '8 is outside 1-7'],
    ['cron(0 0 1 * ? 1969)', 'year field "1969"'],
    ['cron(x 0 1 * ? *)', '"x" is not a number'],
    ['cron(0 ? 1 * ? *)', '"?" is only allowed in day-of-month or day-of-week'],
    ['cron(0 0 ? * MON/2 *)', 'does not allow "/"'],
    ['cron(0 0 ? * MON#6 *)', '#1 to #5'],
    ['cron(0 0 LW * ? *)', 'not supported'],
    ['cron(0 0 ? * FRI-MON *)', 'runs backwards'],
    ['cron(0/0 * * * ? *)', 'increment "0"'],
  ])('rejects %s', (expression, message) => {
    expect(
      scheduleExpressionIssues(expression)
        .map((issue) => issue.message)
        .join('\n'),
    ).toContain(message)
  })

  it('reports every bad field at once', () => {
    expect(scheduleExpressionIssues('cron(99 99 * * ? *)')).toHaveLength(2)
  })
})

describe('parseScheduleExpression', () => {
  it('throws a typed ScheduleExpressionError naming the problem', () => {
    const error = (() => {
      try {
        parseScheduleExpression('every 5 minutes')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(ScheduleExpressionError)
    expect((error as ScheduleExpressionError).message).toContain(
      'must be rate(value unit) or cron(',
    )
  })
})
