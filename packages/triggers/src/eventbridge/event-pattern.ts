import { InvalidFilterError, type ValidationIssue } from '../errors.ts'
import { filterIssues } from '../filters/filter-issues.ts'
import { filterMatches } from '../filters/filter-matches.ts'
import type { JsonValue } from '../filters/json.ts'

/** An EventBridge event pattern, as JSON (the object, not its string form). */
export type EventPattern = { readonly [key: string]: JsonValue }

/** Every problem EventBridge would report for this event pattern (empty when valid). */
export const eventPatternIssues = (pattern: unknown): ValidationIssue[] => {
  const issues = filterIssues(pattern, { dialect: 'eventbridge', allowNesting: true })
  if (JSON.stringify(pattern ?? null).length > 4096) {
    issues.push({ path: [], message: 'an EventBridge event pattern is at most 4096 characters' })
  }
  return issues
}

/**
 * Whether EventBridge would route `event` to a rule with this pattern. Throws
 * InvalidFilterError for a pattern EventBridge would refuse.
 */
export const eventPatternMatches = (pattern: EventPattern, event: unknown): boolean => {
  const issues = eventPatternIssues(pattern)
  if (issues.length > 0) throw new InvalidFilterError(issues, 'Invalid EventBridge event pattern')
  return filterMatches(pattern, event)
}
