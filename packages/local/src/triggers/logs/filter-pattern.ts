import { InvalidFilterPatternError } from '../../errors.ts'

/** A compiled CloudWatch Logs subscription filter pattern. */
export type LogMatcher = (message: string) => boolean

type Comparison = '=' | '!=' | '<' | '>' | '<=' | '>='
type Literal = string | number | boolean | null

interface JsonToken {
  kind: 'and' | 'or' | 'open' | 'close' | 'test'
  path?: string[]
  operator?: Comparison
  value?: Literal
}

/**
 * The subset of CloudWatch Logs filter syntax the local runner supports:
 * - empty: every line;
 * - terms: `ERROR` (must appear), `"exact phrase"`, `?ERROR ?WARN` (any of), `-DEBUG` (must not);
 *   matching is case-sensitive, as in CloudWatch;
 * - JSON: `{ $.level = "ERROR" }`, `{ $.latency > 500 }`, `!=`, `<`, `<=`, `>=`, `*` wildcards in
 *   strings, `&&`, `||` and parentheses; a line that is not JSON never matches.
 * Space-delimited patterns (`[ip, user, ...]`) and metric-filter extras are not supported.
 */
export const compileFilterPattern = (pattern: string): LogMatcher => {
  const text = pattern.trim()
  if (text === '') return () => true
  if (text.startsWith('{')) return compileJsonPattern(text)
  if (text.startsWith('['))
    throw new InvalidFilterPatternError(
      `Space-delimited filter patterns ("${text}") are not supported by the local runner; use terms or a JSON pattern.`,
    )
  return compileTermPattern(text)
}

const compileTermPattern = (text: string): LogMatcher => {
  const tokens = [...text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)].map((match) => ({
    prefix: match[1] ?? '',
    term: match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? ''),
  }))
  const required = tokens.filter((t) => t.prefix === '').map((t) => t.term)
  const anyOf = tokens.filter((t) => t.prefix === '?').map((t) => t.term)
  const excluded = tokens.filter((t) => t.prefix === '-').map((t) => t.term)
  return (message) =>
    required.every((term) => message.includes(term)) &&
    (anyOf.length === 0 || anyOf.some((term) => message.includes(term))) &&
    !excluded.some((term) => message.includes(term))
}

const tokenizeJson = (body: string, pattern: string): JsonToken[] => {
  const tokens: JsonToken[] = []
  const test =
    /^\s*\$((?:\.[A-Za-z0-9_$-]+|\[\d+\])+)\s*(!=|<=|>=|=|<|>)\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null|[^\s)&|]+)/i
  let rest = body
  while (rest.trim() !== '') {
    rest = rest.trimStart()
    if (rest.startsWith('&&') || rest.startsWith('||')) {
      tokens.push({ kind: rest.startsWith('&&') ? 'and' : 'or' })
      rest = rest.slice(2)
    } else if (rest.startsWith('(') || rest.startsWith(')')) {
      tokens.push({ kind: rest.startsWith('(') ? 'open' : 'close' })
      rest = rest.slice(1)
    } else {
      const match = test.exec(rest)
      if (!match)
        throw new InvalidFilterPatternError(
          `Cannot read the JSON filter pattern ${pattern} near "${rest.slice(0, 30)}"; expected e.g. { $.level = "ERROR" }.`,
        )
      const [whole, path = '', operator = '=', raw = ''] = match
      const value: Literal = raw.startsWith('"')
        ? (JSON.parse(raw) as string)
        : /^-?\d/.test(raw)
          ? Number(raw)
          : /^(true|false)$/i.test(raw)
            ? raw.toLowerCase() === 'true'
            : /^null$/i.test(raw)
              ? null
              : raw
      const segments = [...path.matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => m[1] ?? m[2] ?? '')
      tokens.push({ kind: 'test', path: segments, operator: operator as Comparison, value })
      rest = rest.slice(whole.length)
    }
  }
  return tokens
}

/** The field at `path` of a parsed log event: own properties only (`$.constructor` is a field). */
const lookup = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>(
    (current, segment) =>
      typeof current === 'object' && current !== null && Object.hasOwn(current, segment)
        ? (current as Record<string, unknown>)[segment]
        : undefined,
    value,
  )

const wildcard = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  )

const compare = (actual: unknown, operator: Comparison, expected: Literal): boolean => {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false
    switch (operator) {
      case '=':
        return actual === expected
      case '!=':
        return actual !== expected
      case '<':
        return actual < expected
      case '>':
        return actual > expected
      case '<=':
        return actual <= expected
      case '>=':
        return actual >= expected
    }
  }
  if (operator !== '=' && operator !== '!=') return false
  const equal =
    typeof expected === 'string' && typeof actual === 'string'
      ? wildcard(expected).test(actual)
      : actual === expected
  return operator === '=' ? equal : actual !== undefined && !equal
}

const compileJsonPattern = (pattern: string): LogMatcher => {
  if (!pattern.endsWith('}'))
    throw new InvalidFilterPatternError(`JSON filter pattern ${pattern} must end with "}".`)
  const tokens = tokenizeJson(pattern.slice(1, -1), pattern)
  let position = 0
  // expression := term (("&&" | "||") term)*, "&&" binding tighter, as in CloudWatch.
  type Node = (json: unknown) => boolean
  const parseTerm = (): Node => {
    const token = tokens[position++]
    if (token?.kind === 'open') {
      const inner = parseOr()
      if (tokens[position++]?.kind !== 'close')
        throw new InvalidFilterPatternError(`Unbalanced parentheses in ${pattern}.`)
      return inner
    }
    if (token?.kind !== 'test')
      throw new InvalidFilterPatternError(`Expected a $.field test in ${pattern}.`)
    const { path = [], operator = '=', value = null } = token
    return (json) => compare(lookup(json, path), operator, value)
  }
  const parseAnd = (): Node => {
    let left = parseTerm()
    while (tokens[position]?.kind === 'and') {
      position++
      const right = parseTerm()
      const previous = left
      left = (json) => previous(json) && right(json)
    }
    return left
  }
  const parseOr = (): Node => {
    let left = parseAnd()
    while (tokens[position]?.kind === 'or') {
      position++
      const right = parseAnd()
      const previous = left
      left = (json) => previous(json) || right(json)
    }
    return left
  }
  const root = parseOr()
  if (position !== tokens.length)
    throw new InvalidFilterPatternError(`Unexpected text after the expression in ${pattern}.`)
  return (message) => {
    const start = message.indexOf('{')
    if (start === -1) return false
    try {
      return root(JSON.parse(message.slice(start)))
    } catch {
      return false
    }
  }
}
