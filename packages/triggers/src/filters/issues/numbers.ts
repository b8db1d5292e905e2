import type { FieldPath } from '../../errors.ts'
import type { IssueContext } from './context.ts'

const numericOperators = ['=', '<', '<=', '>', '>=']
const example = 'as in {"numeric": [">", 0, "<=", 100]} or {"numeric": ["=", 5]}'

/** A number in a filter: finite, and within SNS's range for SNS. */
export const checkNumber = ({ rules, report }: IssueContext, value: number, path: FieldPath) => {
  if (!Number.isFinite(value)) report(path, 'numbers must be finite')
  if (rules.dialect === 'sns' && Math.abs(value) > 1e9) {
    report(path, `${value} is outside the SNS numeric range of -1,000,000,000 to 1,000,000,000`)
  }
}

/** Each [operator, number] pair of a `numeric` condition. */
const checkPairs = (context: IssueContext, range: unknown[], path: FieldPath) => {
  for (let index = 0; index < range.length; index += 2) {
    const operator = range[index]
    const operand = range[index + 1]
    if (typeof operator !== 'string' || !numericOperators.includes(operator)) {
      context.report(
        [...path, index],
        `"${String(operator)}" is not one of ${numericOperators.join(' ')}`,
      )
    }
    if (typeof operand !== 'number')
      context.report([...path, index + 1], `expected a number, ${example}`)
    else checkNumber(context, operand, [...path, index + 1])
  }
}

/** Two pairs make a range: a lower bound, then an upper bound above it. */
const checkRange = ({ report }: IssueContext, range: unknown[], path: FieldPath) => {
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

/** `{"numeric": [...]}`: one or two [operator, number] pairs; two form a non-empty range. */
export const checkNumeric = (context: IssueContext, range: unknown, path: FieldPath) => {
  if (!Array.isArray(range) || (range.length !== 2 && range.length !== 4)) {
    context.report(path, `numeric takes one or two [operator, number] pairs, ${example}`)
    return
  }
  checkPairs(context, range, path)
  if (range.length === 4) checkRange(context, range, path)
}
