import type { ValidationIssue } from '../errors.ts'

export type RateUnit = 'minute' | 'hour' | 'day'

export interface RateSchedule {
  kind: 'rate'
  value: number
  unit: RateUnit
  /** The period in milliseconds. */
  periodMs: number
}

const unitMs: Record<RateUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }

const rateBody = /^rate\((.*)\)$/s

/**
 * Parses `rate(value unit)`. EventBridge is strict about grammar: a value of 1 takes the
 * singular unit (`rate(1 hour)`) and any larger value the plural (`rate(2 hours)`).
 */
export const parseRateExpression = (
  expression: string,
): { schedule: RateSchedule } | { issues: ValidationIssue[] } => {
  const body = rateBody.exec(expression)?.[1]
  const fail = (message: string) => ({ issues: [{ path: [], message }] })
  if (body === undefined) return fail(`"${expression}" is not of the form rate(value unit)`)
  const parts = body.trim().split(/\s+/)
  if (parts.length !== 2) {
    return fail(`rate() takes exactly a value and a unit, as in rate(5 minutes); got "${body}"`)
  }
  const [valueText = '', unitText = ''] = parts
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1) {
    return fail(`rate() value must be a positive whole number; got "${valueText}"`)
  }
  const value = Number(valueText)
  const singular = unitText.replace(/s$/, '')
  if (singular !== 'minute' && singular !== 'hour' && singular !== 'day') {
    return fail(`rate() unit must be minute(s), hour(s) or day(s); got "${unitText}"`)
  }
  const plural = unitText.endsWith('s')
  if (value === 1 && plural) {
    return fail(`AWS requires the singular unit for a value of 1: write rate(1 ${singular})`)
  }
  if (value > 1 && !plural) {
    return fail(
      `AWS requires the plural unit for a value above 1: write rate(${value} ${singular}s)`,
    )
  }
  return { schedule: { kind: 'rate', value, unit: singular, periodMs: value * unitMs[singular] } }
}
