import type { LocalHandler } from './discover.ts'
import { LocalRunnerError } from './errors.ts'
import { localResourceName, type ResourceAddresses } from './resources.ts'

/**
 * Variables a handler needs that its declaration cannot express, filled from its own resources.
 * Keep this list short: anything here is configuration the deploy stack must also set.
 */
const extras: Record<
  string,
  (resolve: { queueUrl(ref: string): string }) => Record<string, string>
> = {
  // sns-fanout routes by message type; its stack maps "order" to its OrdersQueue.
  'sns-fanout': ({ queueUrl }) => ({ ROUTES: JSON.stringify({ order: queueUrl('OrdersQueue') }) }),
}

export const localExtras = (
  handler: LocalHandler,
  addresses: ResourceAddresses,
): Record<string, string> =>
  extras[handler.name]?.({
    queueUrl: (ref) => addresses.queueUrl(localResourceName(handler.name, 'queue', { ref })),
  }) ?? {}

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
