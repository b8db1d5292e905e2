import type { ValidationIssue } from '../errors.ts'
import type { FilterRules } from './issues/context.ts'
import { checkObject } from './issues/structure.ts'

export type { FilterRules } from './issues/context.ts'

/**
 * Checks the shape AWS requires of a content filter (SNS filter policy or EventBridge
 * event pattern): objects of keys whose leaves are non-empty arrays of values or of
 * one-key operator objects. Every problem is reported with its path.
 */
export const filterIssues = (filter: unknown, rules: FilterRules): ValidationIssue[] => {
  const issues: ValidationIssue[] = []
  checkObject({ rules, report: (path, message) => issues.push({ path, message }) }, filter, [])
  return issues
}
