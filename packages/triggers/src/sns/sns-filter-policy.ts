import type { ValidationIssue } from '../errors.ts'
import { filterIssues } from '../filters/filter-issues.ts'
import type { JsonValue } from '../filters/json.ts'

export type SnsFilterPolicyScope = 'MessageAttributes' | 'MessageBody'

/** An SNS subscription filter policy, as JSON (the object, not its string form). */
export type SnsFilterPolicy = { readonly [key: string]: JsonValue }

const maxKeys = 5
const maxCombinations = 150

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The leaf key paths a policy filters on (`$or` branches included). */
const leafKeys = (node: Record<string, unknown>, prefix = ''): Set<string> => {
  const keys = new Set<string>()
  for (const [key, value] of Object.entries(node)) {
    if (key === '$or' && Array.isArray(value)) {
      for (const branch of value) {
        if (isPlainObject(branch)) for (const inner of leafKeys(branch, prefix)) keys.add(inner)
      }
    } else if (isPlainObject(value)) {
      for (const inner of leafKeys(value, `${prefix}${key}.`)) keys.add(inner)
    } else keys.add(`${prefix}${key}`)
  }
  return keys
}

/**
 * AWS's complexity measure: multiply the number of values in each array; `$or`
 * alternatives add up (then multiply with the keys beside them).
 */
export const snsFilterPolicyCombinations = (node: Record<string, unknown>): number => {
  let total = 1
  for (const [key, value] of Object.entries(node)) {
    if (key === '$or' && Array.isArray(value)) {
      total *= value.reduce<number>(
        (sum, branch) => sum + (isPlainObject(branch) ? snsFilterPolicyCombinations(branch) : 0),
        0,
      )
    } else if (Array.isArray(value)) total *= value.length
    else if (isPlainObject(value)) total *= snsFilterPolicyCombinations(value)
  }
  return total
}

/** Every problem SNS would report for this filter policy under this scope (empty when valid). */
export const snsFilterPolicyIssues = (
  policy: unknown,
  scope: SnsFilterPolicyScope = 'MessageAttributes',
): ValidationIssue[] => {
  const issues = filterIssues(policy, { dialect: 'sns', allowNesting: scope === 'MessageBody' })
  if (!isPlainObject(policy)) return issues
  const keys = leafKeys(policy)
  if (keys.size > maxKeys) {
    issues.push({
      path: [],
      message: `an SNS filter policy can hold at most ${maxKeys} keys; this one has ${keys.size} (${[...keys].join(', ')})`,
    })
  }
  const combinations = snsFilterPolicyCombinations(policy)
  if (combinations > maxCombinations) {
    issues.push({
      path: [],
      message: `an SNS filter policy allows at most ${maxCombinations} combinations of values (the product of each array's length); this one has ${combinations}`,
    })
  }
  if (JSON.stringify(policy).length > 256 * 1024) {
    issues.push({ path: [], message: 'an SNS filter policy is at most 256 KB' })
  }
  return issues
}
