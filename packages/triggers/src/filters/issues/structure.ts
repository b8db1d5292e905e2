import type { FieldPath } from '../../errors.ts'
import { dialectName } from '../filter-dialect.ts'
import { type IssueContext, isPlainObject } from './context.ts'
import { checkNumber } from './numbers.ts'
import { checkOperator } from './operators.ts'

const isScalar = (value: unknown): boolean =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value)

/** A leaf: a non-empty array of scalars and operator objects. */
const checkLeaf = (context: IssueContext, values: unknown[], path: FieldPath) => {
  if (values.length === 0)
    context.report(path, 'an empty array matches nothing; list at least one value')
  values.forEach((value, index) => {
    const at = [...path, index]
    if (typeof value === 'number') checkNumber(context, value, at)
    else if (isPlainObject(value)) checkOperator(context, value, at)
    else if (!isScalar(value))
      context.report(at, 'values are strings, numbers, true, false, null or operator objects')
  })
}

/** `$or`: an array of at least two alternative objects, each checked as a whole filter. */
const checkOr = (context: IssueContext, value: unknown, path: FieldPath) => {
  if (!Array.isArray(value) || value.length < 2) {
    context.report(path, '$or takes an array of at least two alternative objects')
    return
  }
  value.forEach((branch, index) => {
    checkObject(context, branch, [...path, index])
  })
}

/** A nested object, where the dialect allows one (not in SNS attribute policies). */
const checkNested = (context: IssueContext, value: Record<string, unknown>, path: FieldPath) => {
  if (context.rules.allowNesting) return checkObject(context, value, path)
  context.report(
    path,
    'SNS attribute-based filter policies cannot nest objects (message attributes are flat); use filterPolicyScope "MessageBody" to filter on nested fields',
  )
}

/** One key of a filter object: `$or`, a leaf array, or a nested object. */
const checkField = (context: IssueContext, key: string, value: unknown, path: FieldPath) => {
  if (key === '$or') return checkOr(context, value, path)
  if (Array.isArray(value)) return checkLeaf(context, value, path)
  if (isPlainObject(value)) return checkNested(context, value, path)
  context.report(path, `leaf values must be arrays, as in "${key}": [${JSON.stringify(value)}]`)
}

/** A filter object: a JSON object with at least one key, each key checked. */
export const checkObject = (context: IssueContext, node: unknown, path: FieldPath): void => {
  const name = dialectName[context.rules.dialect]
  if (!isPlainObject(node)) {
    context.report(path, `a ${name} is a JSON object`)
    return
  }
  if (Object.keys(node).length === 0) context.report(path, `a ${name} needs at least one key`)
  for (const [key, value] of Object.entries(node)) checkField(context, key, value, [...path, key])
}
