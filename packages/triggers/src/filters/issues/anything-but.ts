import type { FieldPath } from '../../errors.ts'
import { type IssueContext, isPlainObject } from './context.ts'
import { checkNumber } from './numbers.ts'

/** `anything-but` with a list: at least one value, each a string or a number. */
const checkList = (context: IssueContext, values: unknown[], path: FieldPath) => {
  if (values.length === 0) context.report(path, 'anything-but needs at least one value')
  values.forEach((item, index) => {
    if (typeof item === 'number') checkNumber(context, item, [...path, index])
    else if (typeof item !== 'string') {
      context.report([...path, index], 'anything-but lists hold only strings or numbers')
    }
  })
}

/** `anything-but` with one nested operator: prefix/suffix (and, for EventBridge, a few more). */
const checkNested = ({ rules, report }: IssueContext, value: unknown, path: FieldPath) => {
  const nested =
    rules.dialect === 'eventbridge'
      ? ['prefix', 'suffix', 'wildcard', 'equals-ignore-case']
      : ['prefix', 'suffix']
  const [key, ...more] = isPlainObject(value) ? Object.keys(value) : []
  if (!isPlainObject(value) || key === undefined || more.length > 0 || !nested.includes(key)) {
    report(
      path,
      `anything-but takes a string, a number, a list of them, or one of {${nested.map((n) => `"${n}": ...`).join('}, {')}}`,
    )
    return
  }
  const argument = value[key]
  const isStringList =
    Array.isArray(argument) &&
    argument.length > 0 &&
    argument.every((item) => typeof item === 'string')
  if (typeof argument !== 'string' && !(key === 'equals-ignore-case' && isStringList)) {
    report([...path, key], `anything-but ${key} takes a string`)
  }
}

/** `{"anything-but": ...}`: a string, a number, a list of them, or one nested operator. */
export const checkAnythingBut = (context: IssueContext, value: unknown, path: FieldPath) => {
  if (typeof value === 'string') return
  if (typeof value === 'number') return checkNumber(context, value, path)
  if (Array.isArray(value)) return checkList(context, value, path)
  checkNested(context, value, path)
}
