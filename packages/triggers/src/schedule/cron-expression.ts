import type { ValidationIssue } from '../errors.ts'

/**
 * A validated `cron(...)` expression. `libraryExpression` is the same schedule rewritten with
 * explicit numbers only, because aws-cron-parser trusts its input (it reads "x" as NaN, only
 * replaces the first occurrence of a day name and cannot mix lists with increments).
 */
export interface CronSchedule {
  kind: 'cron'
  fields: readonly string[]
  libraryExpression: string
  /** Explicit day-of-month numbers, when the field is a plain list: used to drop impossible dates. */
  daysOfMonth: readonly number[] | null
  months: readonly number[]
}

interface FieldSpec {
  label: string
  min: number
  max: number
  allowsStep: boolean
  names?: readonly string[]
}

const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const weekdays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

const minuteSpec: FieldSpec = { label: 'minutes', min: 0, max: 59, allowsStep: true }
const hourSpec: FieldSpec = { label: 'hours', min: 0, max: 23, allowsStep: true }
const dayOfMonthSpec: FieldSpec = { label: 'day-of-month', min: 1, max: 31, allowsStep: true }
const monthSpec: FieldSpec = { label: 'month', min: 1, max: 12, allowsStep: true, names: months }
const dayOfWeekSpec: FieldSpec = {
  label: 'day-of-week',
  min: 1,
  max: 7,
  allowsStep: false,
  names: weekdays,
}
const yearSpec: FieldSpec = { label: 'year', min: 1970, max: 2199, allowsStep: true }

class FieldError extends Error {}

const parseValue = (text: string, spec: FieldSpec): number => {
  const upper = text.toUpperCase()
  const named = spec.names?.indexOf(upper) ?? -1
  if (named >= 0) return named + 1
  if (!/^\d+$/.test(text)) {
    const hint = spec.names ? ` or one of ${spec.names.join(', ')}` : ''
    throw new FieldError(`"${text}" is not a number${hint}`)
  }
  const value = Number(text)
  if (value < spec.min || value > spec.max) {
    throw new FieldError(`${value} is outside ${spec.min}-${spec.max}`)
  }
  return value
}

/** Expands a list of values, ranges and increments (`0,15`, `1-5`, `0/15`, `*\/5`, `10-40/10`). */
const expandList = (field: string, spec: FieldSpec): number[] => {
  const values = new Set<number>()
  for (const item of field.split(',')) {
    const [base = '', stepText, extra] = item.split('/')
    if (extra !== undefined) throw new FieldError(`"${item}" has more than one "/"`)
    let step = 1
    if (stepText !== undefined) {
      if (!spec.allowsStep) throw new FieldError(`AWS does not allow "/" increments here`)
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
        throw new FieldError(`increment "${stepText}" must be a positive whole number`)
      }
      step = Number(stepText)
    }
    let start: number
    let end: number
    if (base === '*') {
      start = spec.min
      end = spec.max
    } else if (base.includes('-')) {
      const [from = '', to = '', more] = base.split('-')
      if (more !== undefined) throw new FieldError(`"${base}" is not a range`)
      start = parseValue(from, spec)
      end = parseValue(to, spec)
      if (start > end) throw new FieldError(`range "${base}" runs backwards`)
    } else {
      start = parseValue(base, spec)
      // `5/15` means "from 5 every 15", up to the end of the field.
      end = stepText === undefined ? start : spec.max
    }
    for (let value = start; value <= end; value += step) values.add(value)
  }
  return [...values].sort((a, b) => a - b)
}

const normalizeDayOfMonth = (field: string): { library: string; days: number[] | null } => {
  if (field === '?') return { library: '?', days: null }
  if (field === 'L') return { library: 'L', days: null }
  const weekdayNear = /^(\d+)W$/i.exec(field)
  if (weekdayNear) {
    return { library: `${parseValue(weekdayNear[1] ?? '', dayOfMonthSpec)}W`, days: null }
  }
  if (/[LW#]/i.test(field)) {
    throw new FieldError(`use "L" alone or "<day>W" (as in 15W); "${field}" is not supported`)
  }
  const days = expandList(field, dayOfMonthSpec)
  return { library: days.join(','), days }
}

const normalizeDayOfWeek = (field: string): string => {
  if (field === '?') return '?'
  // The last day of the week is Saturday.
  if (field.toUpperCase() === 'L') return '7'
  const lastOfMonth = /^(\w+?)L$/i.exec(field)
  if (lastOfMonth) return `${parseValue(lastOfMonth[1] ?? '', dayOfWeekSpec)}L`
  const nth = /^(\w+)#(\w+)$/.exec(field)
  if (nth) {
    const day = parseValue(nth[1] ?? '', dayOfWeekSpec)
    const index = nth[2] ?? ''
    if (!/^[1-5]$/.test(index)) throw new FieldError(`"#${index}" must be #1 to #5`)
    return `${day}#${index}`
  }
  if (/[#]/.test(field)) throw new FieldError(`"${field}" is not of the form <day>#<1-5>`)
  return expandList(field, dayOfWeekSpec).join(',')
}

const cronBody = /^cron\((.*)\)$/s

/** Validates `cron(minutes hours day-of-month month day-of-week year)` as EventBridge does. */
export const parseCronExpression = (
  expression: string,
): { schedule: CronSchedule } | { issues: ValidationIssue[] } => {
  const body = cronBody.exec(expression)?.[1]
  if (body === undefined) {
    return { issues: [{ path: [], message: `"${expression}" is not of the form cron(...)` }] }
  }
  const fields = body.trim().split(/\s+/)
  if (fields.length !== 6) {
    return {
      issues: [
        {
          path: [],
          message: `cron() takes 6 fields (minutes hours day-of-month month day-of-week year); got ${fields.length} in "${body}"`,
        },
      ],
    }
  }
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields
  const issues: ValidationIssue[] = []
  const attempt = <T>(label: string, field: string, parse: () => T): T | undefined => {
    try {
      return parse()
    } catch (error) {
      if (!(error instanceof FieldError)) throw error
      issues.push({ path: [], message: `${label} field "${field}": ${error.message}` })
      return undefined
    }
  }
  const noQuestionMark = (spec: FieldSpec, field: string) => () => {
    if (field.includes('?'))
      throw new FieldError('"?" is only allowed in day-of-month or day-of-week')
    return expandList(field, spec)
  }
  const minutes = attempt('minutes', minute, noQuestionMark(minuteSpec, minute))
  const hours = attempt('hours', hour, noQuestionMark(hourSpec, hour))
  const dom = attempt('day-of-month', dayOfMonth, () => normalizeDayOfMonth(dayOfMonth))
  const monthValues = attempt('month', month, noQuestionMark(monthSpec, month))
  const dow = attempt('day-of-week', dayOfWeek, () => normalizeDayOfWeek(dayOfWeek))
  const years = attempt('year', year, noQuestionMark(yearSpec, year))
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    issues.push({
      path: [],
      message: `AWS requires exactly one of day-of-month and day-of-week to be "?" (got "${dayOfMonth}" and "${dayOfWeek}"), as in cron(0 12 ? * MON-FRI *) or cron(0 12 1 * ? *)`,
    })
  }
  if (
    issues.length > 0 ||
    !minutes ||
    !hours ||
    !dom ||
    !monthValues ||
    dow === undefined ||
    !years
  ) {
    return { issues }
  }
  const libraryExpression = [
    minutes.join(','),
    hours.join(','),
    dom.library,
    monthValues.join(','),
    dow,
    years.join(','),
  ].join(' ')
  return {
    schedule: {
      kind: 'cron',
      fields,
      libraryExpression,
      daysOfMonth: dom.days,
      months: monthValues,
    },
  }
}
