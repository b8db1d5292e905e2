import { ipInCidr } from './cidr.ts'

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const lower = (value: string) => value.toLowerCase()

/** `prefix`/`suffix` take a string, or (EventBridge) `{"equals-ignore-case": "..."}`. */
const affixMatches = (
  argument: unknown,
  value: unknown,
  test: (value: string, affix: string) => boolean,
): boolean => {
  if (typeof value !== 'string') return false
  if (typeof argument === 'string') return test(value, argument)
  if (isPlainObject(argument) && typeof argument['equals-ignore-case'] === 'string') {
    return test(lower(value), lower(argument['equals-ignore-case']))
  }
  return false
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** EventBridge wildcard: `*` matches any run of characters, `\*` is a literal star. */
export const wildcardMatches = (pattern: string, value: string): boolean => {
  const source = pattern
    .split(/(\\\*|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : escapeRegExp(part)))
    .join('')
  return new RegExp(`^${source}$`, 's').test(value)
}

const numericMatches = (range: unknown[], value: number): boolean => {
  for (let index = 0; index < range.length; index += 2) {
    const operator = range[index]
    const operand = range[index + 1]
    if (typeof operand !== 'number') return false
    const holds =
      operator === '='
        ? value === operand
        : operator === '<'
          ? value < operand
          : operator === '<='
            ? value <= operand
            : operator === '>'
              ? value > operand
              : operator === '>='
                ? value >= operand
                : false
    if (!holds) return false
  }
  return true
}

const anythingButMatches = (argument: unknown, value: unknown): boolean => {
  if (Array.isArray(argument)) return !argument.some((item) => conditionMatches(item, value))
  if (isPlainObject(argument)) {
    const ignoreCase = argument['equals-ignore-case']
    if (Array.isArray(ignoreCase)) {
      return !ignoreCase.some((item) => conditionMatches({ 'equals-ignore-case': item }, value))
    }
  }
  return !conditionMatches(argument, value)
}

/**
 * Whether one value (never an array: the caller spreads arrays) satisfies one condition of
 * a content filter: a literal, or an operator object. `exists` is decided by the caller,
 * which alone knows whether the field is present.
 */
export const conditionMatches = (condition: unknown, value: unknown): boolean => {
  if (!isPlainObject(condition)) return condition === value
  const [operator] = Object.keys(condition)
  const argument = operator === undefined ? undefined : condition[operator]
  switch (operator) {
    case 'prefix':
      return affixMatches(argument, value, (text, affix) => text.startsWith(affix))
    case 'suffix':
      return affixMatches(argument, value, (text, affix) => text.endsWith(affix))
    case 'equals-ignore-case':
      return (
        typeof value === 'string' &&
        typeof argument === 'string' &&
        lower(value) === lower(argument)
      )
    case 'numeric':
      return typeof value === 'number' && Array.isArray(argument) && numericMatches(argument, value)
    case 'cidr':
      return typeof value === 'string' && typeof argument === 'string' && ipInCidr(value, argument)
    case 'wildcard':
      return (
        typeof value === 'string' &&
        typeof argument === 'string' &&
        wildcardMatches(argument, value)
      )
    case 'anything-but':
      return anythingButMatches(argument, value)
    default:
      return false
  }
}
