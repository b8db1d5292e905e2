import { LocalRunnerError } from '../errors.ts'

/** `--env sns-fanout:ROUTES={...}` → { 'sns-fanout': { ROUTES: '{...}' } } */
export const parseEnvOverrides = (
  values: readonly string[],
): Record<string, Record<string, string>> => {
  const overrides: Record<string, Record<string, string>> = {}
  for (const value of values) {
    const match = /^([^:=]+):([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value)
    if (!match) throw new LocalRunnerError(`--env expects <handler>:<NAME>=<value>, got "${value}"`)
    const [, handler = '', name = '', text = ''] = match
    overrides[handler] = { ...overrides[handler], [name]: text }
  }
  return overrides
}
