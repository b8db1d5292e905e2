import {
  IdempotencyConfigError,
  idempotency,
  MemoryStore,
  processRecordsOnce,
} from '@repo/idempotency'
import { createLogger } from '@repo/runtime'
import { describe, expect, it } from 'vitest'
import { lambdaContext } from './support/context.ts'

/** The error idempotency(options) throws, at the call: i.e. at cold start. */
const configError = (options: unknown): IdempotencyConfigError => {
  try {
    idempotency(options as Parameters<typeof idempotency>[0])
  } catch (error) {
    expect(error).toBeInstanceOf(IdempotencyConfigError)
    expect((error as Error).name).toBe('IdempotencyConfigError')
    return error as IdempotencyConfigError
  }
  throw new Error(`idempotency() accepted ${JSON.stringify(options)}`)
}

describe('idempotency() options are checked once, when the middleware is made', () => {
  it.each([
    [{ ttl: 60 }, 'ttl', /`ttl` is not an option \(they are store, key, .*ttlSeconds/],
    [{ name: 'orders' }, 'name', /`name` was merged into `namespace`/],
    [
      { store: {} },
      'store',
      /`store` must have acquire, complete, release and get \(an IdempotencyStore\)/,
    ],
    [
      { store: { acquire() {}, complete() {}, release() {}, get: 1 } },
      'store',
      /`store` must have acquire/,
    ],
    [{ store: { complete() {}, release() {}, get() {} } }, 'store', /`store` must have acquire/],
    [{ store: [] }, 'store', /`store` must have acquire/],
    [{ key: 'id' }, 'key', /`key` must be a function/],
    [{ fingerprint: 'body' }, 'fingerprint', /`fingerprint` must be a function/],
    [{ now: 5 }, 'now', /`now` must be a function/],
    [{ namespace: '' }, 'namespace', /`namespace` must be 1 to 512 characters/],
    [{ namespace: 'n'.repeat(513) }, 'namespace', /`namespace` must be 1 to 512/],
    [{ namespace: 7 }, 'namespace', /`namespace` must be/],
    [{ ttlSeconds: 0 }, 'ttlSeconds', /`ttlSeconds` must be a whole number ≥ 1/],
    [{ ttlSeconds: -60 }, 'ttlSeconds', /`ttlSeconds` must be a whole number/],
    [{ ttlSeconds: 1.5 }, 'ttlSeconds', /`ttlSeconds` must be a whole number/],
    [{ ttlSeconds: '3600' }, 'ttlSeconds', /`ttlSeconds` must be a whole number/],
    [{ ttlSeconds: Number.POSITIVE_INFINITY }, 'ttlSeconds', /`ttlSeconds`/],
    [{ ttlSeconds: Number.NaN }, 'ttlSeconds', /`ttlSeconds`/],
    [{ lockTimeoutMs: 0 }, 'lockTimeoutMs', /`lockTimeoutMs` must be a whole number ≥ 1/],
    [{ http: 'yes' }, 'http', /`http` must be true or false/],
    [
      { trigger: 'kinesis' },
      'trigger',
      /`trigger` must be one of 'alb', 'eventbridge', .*'invocation'/,
    ],
    [
      { logger: console },
      'logger',
      /`logger` must have enabled, debug and warn \(a @repo\/runtime logger\)/,
    ],
    [{ logger: () => {} }, 'logger', /`logger` must have enabled/],
    [{ logger: { debug() {}, warn() {} } }, 'logger', /`logger` must have enabled/],
    [{ logger: { enabled() {}, warn() {} } }, 'logger', /`logger` must have enabled/],
    [{ logger: { enabled() {}, debug() {} } }, 'logger', /`logger` must have enabled/],
    [{ inFlight: [] }, 'inFlight', /`inFlight` must be \{ waitMs, pollMs\? \}/],
    [{ inFlight: 10_000 }, 'inFlight', /`inFlight` must be \{ waitMs, pollMs\? \}/],
    [{ inFlight: { waitMs: 100, poll: 5 } }, 'inFlight', /`inFlight` has unknown field\(s\) poll/],
    [{ inFlight: { waitMs: 0 } }, 'inFlight', /`inFlight`\.waitMs must be a whole number ≥ 1/],
    [{ inFlight: { pollMs: 10 } }, 'inFlight', /`inFlight`\.waitMs must be/],
    [
      { inFlight: { waitMs: 100, pollMs: 0 } },
      'inFlight',
      /`inFlight`\.pollMs must be a whole number ≥ 1/,
    ],
    [
      { inFlight: { waitMs: 100, pollMs: 101 } },
      'inFlight',
      /`inFlight`\.pollMs must be at most \.waitMs/,
    ],
  ])('%j is refused, naming %s', (options, name, message) => {
    const error = configError(options)
    expect(error.options).toEqual([name])
    expect(error.message).toMatch(message)
    expect(error.message).toMatch(/^idempotency\(\): /)
  })

  it('names every bad option in one error', () => {
    const error = configError({ ttlSeconds: -1, trigger: 'x', tll: 5 })
    expect(error.options).toEqual(['ttlSeconds', 'trigger', 'tll'])
    expect(error.message.split('; ')).toHaveLength(3)
  })

  it('refuses a non-object', () => {
    expect(configError(null).message).toMatch(/takes an options object, got object/)
    expect(configError(null).options).toEqual([])
    expect(configError('store').message).toMatch(/got string/)
    expect(configError([]).message).toMatch(/takes an options object/)
  })

  it('accepts the boundaries and treats undefined as unset', () => {
    expect(() =>
      idempotency({
        store: new MemoryStore(),
        key: () => 'k',
        fingerprint: () => 1,
        now: Date.now,
        namespace: 'n'.repeat(512),
        ttlSeconds: 1,
        lockTimeoutMs: 1,
        http: false,
        trigger: 'invocation',
        logger: createLogger({ env: {} }),
        inFlight: { waitMs: 1, pollMs: 1 },
      }),
    ).not.toThrow()
    expect(() => idempotency({ ttlSeconds: undefined, inFlight: undefined })).not.toThrow()
    expect(() => idempotency({ inFlight: { waitMs: 5 } })).not.toThrow()
    // A prototype-named option is an unknown option, not a crash.
    expect(configError(JSON.parse('{"constructor": 1}')).options).toEqual(['constructor'])
    expect(configError(JSON.parse('{"__proto__": 1}')).options).toEqual(['__proto__'])
  })
})

describe('processRecordsOnce() options', () => {
  const context = lambdaContext()

  it('refuses bad options before any record runs', async () => {
    let runs = 0
    const work = () => ++runs
    const store = new MemoryStore()
    const refused = async (options: unknown, name: string, message: RegExp) => {
      const outcome = processRecordsOnce([1, 2], work, options as never)
      await expect(outcome).rejects.toBeInstanceOf(IdempotencyConfigError)
      await expect(outcome).rejects.toMatchObject({ options: [name] })
      await expect(outcome).rejects.toThrow(message)
    }
    await refused({ context }, 'store', /^processRecordsOnce\(\): `store` is required/)
    await refused({ store }, 'context', /`context` is required/)
    await refused(
      { store, context: {} },
      'context',
      /`context` must be the handler's Lambda context/,
    )
    await refused({ store, context, http: true }, 'http', /`http` is not an option/)
    await refused({ store, context, inFlight: { waitMs: 5 } }, 'inFlight', /not an option/)
    await refused(
      { store, context, ttlSeconds: 0 },
      'ttlSeconds',
      /`ttlSeconds` must be a whole number/,
    )
    await refused({ store, context, name: 'x' }, 'name', /merged into `namespace`/)
    expect(runs).toBe(0)
  })
})
