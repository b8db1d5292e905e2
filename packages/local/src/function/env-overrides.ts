import { LocalRunnerError } from '../errors.ts'

/** `--env sns-fanout:ROUTES={...}` → { 'sns-fanout': { ROUTES: '{...}' } } */
export const parseEnvOverrides = (
  values: readonly string[],
): Record<string, Record<string, string>> => {
  // Maps: a handler or variable name is whatever was typed, `__proto__` included.
  const overrides = new Map<string, Map<string, string>>()
  for (const value of values) {
    const match = /^([^:=]+):([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value)
    if (!match) throw new LocalRunnerError(`--env expects <handler>:<NAME>=<value>, got "${value}"`)
    const [, handler = '', name = '', text = ''] = match
    overrides.set(handler, (overrides.get(handler) ?? new Map()).set(name, text))
  }
  return Object.fromEntries(
    [...overrides].map(([handler, variables]) => [handler, Object.fromEntries(variables)]),
  )
}
