import type { FieldPath } from '../../errors.ts'
import { parseCidr } from '../cidr.ts'
import { dialectName, operatorsByDialect } from '../filter-dialect.ts'
import { checkAnythingBut } from './anything-but.ts'
import { type IssueContext, isPlainObject } from './context.ts'
import { checkNumeric } from './numbers.ts'

type OperatorCheck = (context: IssueContext, value: unknown, path: FieldPath) => void

/** prefix/suffix: a string, or (EventBridge) `{"equals-ignore-case": "..."}`. */
const stringOrIgnoreCase =
  (operator: string): OperatorCheck =>
  ({ rules, report }, value, path) => {
    if (typeof value === 'string') return
    if (
      rules.dialect === 'eventbridge' &&
      isPlainObject(value) &&
      Object.keys(value).length === 1 &&
      typeof value['equals-ignore-case'] === 'string'
    ) {
      return
    }
    const alternative = rules.dialect === 'eventbridge' ? ' or {"equals-ignore-case": "..."}' : ''
    report(path, `${operator} takes a string${alternative}`)
  }

/** One check per operator, keyed by its name (a Map: the name comes from the filter). */
const operatorChecks = new Map<string, OperatorCheck>([
  ['prefix', stringOrIgnoreCase('prefix')],
  ['suffix', stringOrIgnoreCase('suffix')],
  [
    'equals-ignore-case',
    ({ report }, value, path) => {
      if (typeof value !== 'string') report(path, 'equals-ignore-case takes a string')
    },
  ],
  [
    'exists',
    ({ report }, value, path) => {
      if (typeof value !== 'boolean') report(path, 'exists takes true or false')
    },
  ],
  [
    'cidr',
    ({ report }, value, path) => {
      if (typeof value !== 'string' || !parseCidr(value)) {
        report(
          path,
          `"${String(value)}" is not a CIDR block such as "10.0.0.0/24" or "2001:db8::/32"`,
        )
      }
    },
  ],
  [
    'wildcard',
    ({ report }, value, path) => {
      if (typeof value !== 'string') report(path, 'wildcard takes a string such as "*.png"')
      else if (value.includes('**'))
        report(path, 'wildcard patterns cannot hold consecutive "*" characters')
    },
  ],
  ['numeric', checkNumeric],
  ['anything-but', checkAnythingBut],
])

/** An operator object: exactly one operator the dialect supports, with a valid argument. */
export const checkOperator = (
  context: IssueContext,
  condition: Record<string, unknown>,
  path: FieldPath,
) => {
  const { rules, report } = context
  const keys = Object.keys(condition)
  const allowed = operatorsByDialect[rules.dialect]
  const [operator] = keys
  if (operator === undefined || keys.length !== 1) {
    report(
      path,
      `an operator object holds exactly one operator (one of ${allowed.join(', ')}); got ${keys.length}`,
    )
    return
  }
  const check = operatorChecks.get(operator)
  if (!allowed.includes(operator) || !check) {
    report(
      path,
      `unknown operator "${operator}"; a ${dialectName[rules.dialect]} supports ${allowed.join(', ')}`,
    )
    return
  }
  check(context, condition[operator], [...path, operator])
}
