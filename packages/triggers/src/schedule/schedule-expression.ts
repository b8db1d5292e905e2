import { ScheduleExpressionError, type ValidationIssue } from '../errors.ts'
import { type CronSchedule, parseCronExpression } from './cron-expression.ts'
import { parseRateExpression, type RateSchedule } from './rate-expression.ts'

export type ParsedSchedule = RateSchedule | CronSchedule

/** Every problem EventBridge would report for this schedule expression (empty when valid). */
export const scheduleExpressionIssues = (expression: string): ValidationIssue[] => {
  const result = parseScheduleExpressionSafely(expression)
  return 'issues' in result ? result.issues : []
}

const parseScheduleExpressionSafely = (
  expression: string,
): { schedule: ParsedSchedule } | { issues: ValidationIssue[] } => {
  const trimmed = expression.trim()
  if (trimmed.startsWith('rate(')) return parseRateExpression(trimmed)
  if (trimmed.startsWith('cron(')) return parseCronExpression(trimmed)
  return {
    issues: [
      {
        path: [],
        message: `"${expression}" must be rate(value unit) or cron(minutes hours day-of-month month day-of-week year)`,
      },
    ],
  }
}

/** Parses a schedule expression, throwing a ScheduleExpressionError that lists every problem. */
export const parseScheduleExpression = (expression: string): ParsedSchedule => {
  const result = parseScheduleExpressionSafely(expression)
  if ('issues' in result) throw new ScheduleExpressionError(result.issues)
  return result.schedule
}
