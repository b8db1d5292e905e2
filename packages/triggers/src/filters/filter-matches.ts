import { conditionMatches } from './condition-matches.ts'

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isExistsCondition = (condition: unknown): condition is { exists: boolean } =>
  isPlainObject(condition) && typeof condition.exists === 'boolean'

/** A leaf matches when any of its conditions holds for the field (or, for an array field, any element). */
const leafMatches = (conditions: readonly unknown[], field: unknown): boolean => {
  const present = field !== undefined
  const values = Array.isArray(field) ? field : [field]
  return conditions.some((condition) => {
    if (isExistsCondition(condition)) return condition.exists === present
    return present && values.some((value) => conditionMatches(condition, value))
  })
}

/**
 * Content-filter semantics shared by SNS filter policies and EventBridge event patterns:
 * every key must match (AND); within a leaf array any value may match (OR); `$or` takes
 * any one of its alternatives; a missing field only satisfies `{"exists": false}`.
 */
export const filterMatches = (filter: Record<string, unknown>, data: unknown): boolean =>
  Object.entries(filter).every(([key, expected]) => {
    if (key === '$or') {
      return (
        Array.isArray(expected) &&
        expected.some((branch) => isPlainObject(branch) && filterMatches(branch, data))
      )
    }
    const field = isPlainObject(data) && Object.hasOwn(data, key) ? data[key] : undefined
    if (Array.isArray(expected)) return leafMatches(expected, field)
    if (!isPlainObject(expected)) return false
    if (Array.isArray(field)) return field.some((item) => filterMatches(expected, item))
    return isPlainObject(field) && filterMatches(expected, field)
  })
