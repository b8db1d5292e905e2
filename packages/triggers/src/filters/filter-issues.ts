import type { FieldPath, ValidationIssue } from '../errors.ts'
import { parseCidr } from './cidr.ts'
import { dialectName, type FilterDialect, operatorsByDialect } from './filter-dialect.ts'

export interface FilterRules {
  dialect: FilterDialect
  /** SNS attribute policies are flat; body policies and event patterns nest. */
  allowNesting: boolean
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isScalar = (value: unknown): boolean =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value)

const numericOperators = ['=', '<', '<=', '>', '>=']

/**
 * Checks the shape AWS requires of a content filter (SNS filter policy or EventBridge
 * event pattern): objects of keys whose leaves are non-empty arrays of values or of
 * one-key operator objects. Every problem is reported with its path.
 */
export const filterIssues = (filter: unknown, rules: FilterRules): ValidationIssue[] => {
  const issues: ValidationIssue[] = []
  const name = dialectName[rules.dialect]
  const report = (path: FieldPath, message: string) => issues.push({ path, message })

  const checkNumber = (value: number, path: FieldPath) => {
    if (!Number.isFinite(value)) report(path, 'numbers must be finite')
    if (rules.dialect === 'sns' && Math.abs(value) > 1e9) {
      report(path, `${value} is outside the SNS numeric range of -1,000,000,000 to 1,000,000,000`)
    }
  }

  const checkNumeric = (range: unknown, path: FieldPath) => {
    const example = 'as in {"numeric": [">", 0, "<=", 100]} or {"numeric": ["=", 5]}'
    if (!Array.isArray(range) || (range.length !== 2 && range.length !== 4)) {
      report(path, `numeric takes one or two [operator, number] pairs, ${example}`)
      return
    }
    for (let index = 0; index < range.length; index += 2) {
      const operator = range[index]
      const operand = range[index + 1]
      if (typeof operator !== 'string' || !numericOperators.includes(operator)) {
        report(
          [...path, index],
          `"${String(operator)}" is not one of ${numericOperators.join(' ')}`,
        )
      }
      if (typeof operand !== 'number') report([...path, index + 1], `expected a number, ${example}`)
      else checkNumber(operand, [...path, index + 1])
    }
    if (range.length === 4) {
      const [lowerOp, lower, upperOp, upper] = range
      if ((lowerOp !== '>' && lowerOp !== '>=') || (upperOp !== '<' && upperOp !== '<=')) {
        report(
          path,
          `a numeric range is a lower bound (> or >=) then an upper bound (< or <=), ${example}`,
        )
      } else if (typeof lower === 'number' && typeof upper === 'number' && lower >= upper) {
        report(path, `the numeric range is empty: ${lower} is not below ${upper}`)
      }
    }
  }

  const checkStringOrIgnoreCase = (operator: string, value: unknown, path: FieldPath) => {
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

  const checkAnythingBut = (value: unknown, path: FieldPath) => {
    if (typeof value === 'string') return
    if (typeof value === 'number') return checkNumber(value, path)
    if (Array.isArray(value)) {
      if (value.length === 0) report(path, 'anything-but needs at least one value')
      value.forEach((item, index) => {
        if (typeof item === 'number') checkNumber(item, [...path, index])
        else if (typeof item !== 'string') {
          report([...path, index], 'anything-but lists hold only strings or numbers')
        }
      })
      return
    }
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

  const checkOperator = (condition: Record<string, unknown>, path: FieldPath) => {
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
    if (!allowed.includes(operator)) {
      report(path, `unknown operator "${operator}"; a ${name} supports ${allowed.join(', ')}`)
      return
    }
    const value = condition[operator]
    const at = [...path, operator]
    switch (operator) {
      case 'prefix':
      case 'suffix':
        return checkStringOrIgnoreCase(operator, value, at)
      case 'equals-ignore-case':
        if (typeof value !== 'string') report(at, 'equals-ignore-case takes a string')
        return
      case 'exists':
        if (typeof value !== 'boolean') report(at, 'exists takes true or false')
        return
      case 'cidr':
        if (typeof value !== 'string' || !parseCidr(value)) {
          report(
            at,
            `"${String(value)}" is not a CIDR block such as "10.0.0.0/24" or "2001:db8::/32"`,
          )
        }
        return
      case 'wildcard':
        if (typeof value !== 'string') report(at, 'wildcard takes a string such as "*.png"')
        else if (value.includes('**'))
          report(at, 'wildcard patterns cannot hold consecutive "*" characters')
        return
      case 'numeric':
        return checkNumeric(value, at)
      case 'anything-but':
        return checkAnythingBut(value, at)
    }
  }

  const checkLeaf = (values: unknown[], path: FieldPath) => {
    if (values.length === 0) report(path, 'an empty array matches nothing; list at least one value')
    values.forEach((value, index) => {
      const at = [...path, index]
      if (typeof value === 'number') checkNumber(value, at)
      else if (isPlainObject(value)) checkOperator(value, at)
      else if (!isScalar(value))
        report(at, 'values are strings, numbers, true, false, null or operator objects')
    })
  }

  const checkObject = (node: unknown, path: FieldPath) => {
    if (!isPlainObject(node)) {
      report(path, `a ${name} is a JSON object`)
      return
    }
    if (Object.keys(node).length === 0) report(path, `a ${name} needs at least one key`)
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key]
      if (key === '$or') {
        if (!Array.isArray(value) || value.length < 2) {
          report(at, '$or takes an array of at least two alternative objects')
        } else {
          value.forEach((branch, index) => {
            checkObject(branch, [...at, index])
          })
        }
      } else if (Array.isArray(value)) {
        checkLeaf(value, at)
      } else if (isPlainObject(value)) {
        if (rules.allowNesting) checkObject(value, at)
        else {
          report(
            at,
            'SNS attribute-based filter policies cannot nest objects (message attributes are flat); use filterPolicyScope "MessageBody" to filter on nested fields',
          )
        }
      } else {
        report(at, `leaf values must be arrays, as in "${key}": [${JSON.stringify(value)}]`)
      }
    }
  }

  checkObject(filter, [])
  return issues
}
