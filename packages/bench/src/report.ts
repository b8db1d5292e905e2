/**
 * What every workspace's benchmark writes to `<workspace>/reports/bench.json`, and what
 * `@repo/bench` collects into `bench/RESULTS.md`. Benches in other workspaces write this shape
 * as plain JSON (they cannot import this package: it depends on them), so keep it small and stable.
 */
export interface BenchRow {
  /** What was measured, e.g. `handler throughput, 1024 MiB CSV`. */
  label: string
  value: number
  /** `ms`, `µs`, `s`, `bytes`, `MiB`, `MiB/s`, `ops/s`, `requests`...; bytes are shown as kB/MB. */
  unit: string
  /** A breakdown or context shown beside the label. */
  detail?: string
  /** The same quantity for the baseline, in the same unit, measured in the same run. */
  baseline?: { label: string; value: number }
  /** value ÷ baseline.value, unless the bench says otherwise in `target`. */
  ratio?: number
  /** Human-readable target, e.g. `≥ 0.70×` or `< 150 MiB`. */
  target?: string
  /** Whether the target was met; absent when the row has no target. */
  met?: boolean
}

export interface BenchReport {
  /** The section title, usually the workspace's short name. */
  name: string
  /** ISO date of the run that wrote the report. */
  generatedAt: string
  rows: BenchRow[]
  notes?: string[]
}

export class BenchReportError extends Error {
  override name = 'BenchReportError'
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const optional = <T>(
  value: unknown,
  check: (v: unknown) => v is T,
  problem: string,
  problems: string[],
): T | undefined => {
  if (value === undefined) return undefined
  if (check(value)) return value
  problems.push(problem)
  return undefined
}

const isString = (v: unknown): v is string => typeof v === 'string'
const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v)
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean'
const isBaseline = (v: unknown): v is { label: string; value: number } =>
  isObject(v) && isString(v.label) && isNumber(v.value)

const parseRow = (raw: unknown, at: string, problems: string[]): BenchRow | undefined => {
  if (!isObject(raw)) {
    problems.push(`${at} is not an object`)
    return undefined
  }
  const before = problems.length
  if (!isString(raw.label) || raw.label === '')
    problems.push(`${at}.label must be a non-empty string`)
  if (!isNumber(raw.value)) problems.push(`${at}.value must be a number`)
  if (!isString(raw.unit)) problems.push(`${at}.unit must be a string`)
  const detail = optional(raw.detail, isString, `${at}.detail must be a string`, problems)
  const baseline = optional(
    raw.baseline,
    isBaseline,
    `${at}.baseline must be { label: string, value: number }`,
    problems,
  )
  const ratio = optional(raw.ratio, isNumber, `${at}.ratio must be a number`, problems)
  const target = optional(raw.target, isString, `${at}.target must be a string`, problems)
  const met = optional(raw.met, isBoolean, `${at}.met must be a boolean`, problems)
  if (problems.length > before) return undefined
  return {
    label: raw.label as string,
    value: raw.value as number,
    unit: raw.unit as string,
    ...(detail === undefined ? {} : { detail }),
    ...(baseline === undefined ? {} : { baseline }),
    ...(ratio === undefined ? {} : { ratio }),
    ...(target === undefined ? {} : { target }),
    ...(met === undefined ? {} : { met }),
  }
}

/** Checks a parsed `bench.json`; names every problem at once, prefixed with where it came from. */
export const parseBenchReport = (raw: unknown, source: string): BenchReport => {
  const problems: string[] = []
  if (!isObject(raw)) throw new BenchReportError(`${source}: expected a JSON object`)
  if (!isString(raw.name) || raw.name === '') problems.push('name must be a non-empty string')
  if (!isString(raw.generatedAt) || Number.isNaN(Date.parse(raw.generatedAt)))
    problems.push('generatedAt must be an ISO date string')
  const rows: BenchRow[] = []
  if (!Array.isArray(raw.rows)) problems.push('rows must be an array')
  else
    raw.rows.forEach((row, i) => {
      const parsed = parseRow(row, `rows[${i}]`, problems)
      if (parsed) rows.push(parsed)
    })
  const notes = optional(
    raw.notes,
    (v): v is string[] => Array.isArray(v) && v.every(isString),
    'notes must be an array of strings',
    problems,
  )
  if (problems.length > 0)
    throw new BenchReportError(
      `${source} is not a valid bench report (see packages/bench/src/report.ts):\n  - ${problems.join('\n  - ')}`,
    )
  return {
    name: raw.name as string,
    generatedAt: raw.generatedAt as string,
    rows,
    ...(notes === undefined ? {} : { notes }),
  }
}
