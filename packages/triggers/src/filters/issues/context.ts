import type { FieldPath } from '../../errors.ts'
import type { FilterDialect } from '../filter-dialect.ts'

export interface FilterRules {
  dialect: FilterDialect
  /** SNS attribute policies are flat; body policies and event patterns nest. */
  allowNesting: boolean
}

/** What every check gets: the dialect's rules and where to report a problem. */
export interface IssueContext {
  rules: FilterRules
  report(path: FieldPath, message: string): void
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
