import { createLogger } from '@repo/runtime'
import type { Context } from 'aws-lambda'
import { IdempotencyConfigError } from './errors.ts'
import { TRIGGERS, type Trigger } from './keys/detect.ts'
import { type IdempotencyLogger, type Notes, notesFor } from './log.ts'
import { MemoryStore } from './stores/memory.ts'
import type { IdempotencyStore } from './stores/store.ts'

export interface InFlightWait {
  /** Longest wait for the owner's result, in ms (also capped by this invocation's own deadline). */
  waitMs: number
  /** Delay between reads of the record while waiting (default 100 ms, at most `waitMs`). */
  pollMs?: number
}

/** What `idempotency()` and `processRecordsOnce()` share. */
interface CommonOptions {
  /** Key prefix, so two functions or handlers never share a key. Default `context.functionName`. */
  namespace?: string
  /** How long a completed result is replayed, in seconds. Default 3600. */
  ttlSeconds?: number
  /** Lock lifetime when the context has no deadline (outside Lambda). Default 900 000 ms. */
  lockTimeoutMs?: number
  /** Clock, epoch ms. Default Date.now. */
  now?: () => number
  /** Default: a `@repo/runtime` logger (JSON lines, level from AWS_LAMBDA_LOG_LEVEL). */
  logger?: IdempotencyLogger
}

export interface IdempotencyOptions<TEvent = unknown> extends CommonOptions {
  /** Where locks and results live. Default: a MemoryStore (this container only). */
  store?: IdempotencyStore
  /** Overrides the per-trigger key. Return undefined to fail with IdempotencyKeyError. */
  key?: (event: TEvent, context: Context) => string | undefined
  /** The payload part whose hash must match on a duplicate (ALB default: the body). */
  fingerprint?: (event: TEvent) => unknown
  /** Which trigger sends the events: skips detection from the event's shape. */
  trigger?: Trigger
  /** Wait for an in-flight owner's result instead of failing at once. */
  inFlight?: InFlightWait
  /** HTTP (IETF Idempotency-Key) semantics. Default: on for ALB events. */
  http?: boolean
}

export interface ProcessRecordsOptions<TRecord> extends CommonOptions {
  /** Shared across invocations (module scope), else nothing is remembered between deliveries. */
  store: IdempotencyStore
  /** The invocation's context: its deadline bounds every record lock, its function name the namespace. */
  context: Context
  /** Default: the record's own id (SQS messageId, SNS MessageId, S3 change, log event id). */
  key?: (record: TRecord) => string
  fingerprint?: (record: TRecord) => unknown
}

/** Every option with its default applied, checked once. */
export interface Resolved {
  store: IdempotencyStore
  namespace: string | undefined
  ttlMs: number
  lockTimeoutMs: number
  now: () => number
  notes: Notes
}

export interface ResolvedMiddleware<TEvent> extends Resolved {
  key: IdempotencyOptions<TEvent>['key']
  fingerprint: IdempotencyOptions<TEvent>['fingerprint']
  trigger: Trigger | undefined
  inFlight: Required<InFlightWait> | undefined
  http: boolean | undefined
}

export const DEFAULT_TTL_SECONDS = 3600
export const DEFAULT_LOCK_TIMEOUT_MS = 900_000
export const DEFAULT_POLL_MS = 100
/** Keys over 1024 characters are hashed; the namespace is not, and must leave DynamoDB room. */
export const MAX_NAMESPACE_LENGTH = 512

type Check = (value: unknown) => string | undefined

const isFunction = (value: unknown): value is (...args: never[]) => unknown =>
  typeof value === 'function'
const isPositiveInteger = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const WHOLE = ' must be a whole number ≥ 1'
const functionCheck: Check = (value) => (isFunction(value) ? undefined : ' must be a function')
const positiveInteger: Check = (value) => (isPositiveInteger(value) ? undefined : WHOLE)

const STORE_METHODS = ['acquire', 'complete', 'release', 'get'] as const

const CHECKS: Record<string, Check> = {
  store: (value) =>
    isRecord(value) && STORE_METHODS.every((method) => isFunction(value[method]))
      ? undefined
      : ' must have acquire, complete, release and get (an IdempotencyStore)',
  key: functionCheck,
  fingerprint: functionCheck,
  now: functionCheck,
  namespace: (value) =>
    typeof value === 'string' && value.length > 0 && value.length <= MAX_NAMESPACE_LENGTH
      ? undefined
      : ` must be 1 to ${MAX_NAMESPACE_LENGTH} characters`,
  ttlSeconds: positiveInteger,
  lockTimeoutMs: positiveInteger,
  http: (value) => (typeof value === 'boolean' ? undefined : ' must be true or false'),
  trigger: (value) =>
    (TRIGGERS as readonly unknown[]).includes(value)
      ? undefined
      : ` must be one of ${TRIGGERS.map((name) => `'${name}'`).join(', ')}`,
  logger: (value) =>
    isRecord(value) &&
    isFunction(value.enabled) &&
    isFunction(value.debug) &&
    isFunction(value.warn)
      ? undefined
      : ' must have enabled, debug and warn (a @repo/runtime logger)',
  inFlight: (value) => {
    if (!isRecord(value)) return ' must be { waitMs, pollMs? }'
    const extra = Object.keys(value).filter((name) => name !== 'waitMs' && name !== 'pollMs')
    if (extra.length > 0) return ` has unknown field(s) ${extra.join(', ')}`
    if (!isPositiveInteger(value.waitMs)) return `.waitMs${WHOLE}`
    if (value.pollMs === undefined) return undefined
    if (!isPositiveInteger(value.pollMs)) return `.pollMs${WHOLE}`
    return value.pollMs <= value.waitMs ? undefined : '.pollMs must be at most .waitMs'
  },
  context: (value) =>
    isRecord(value) && typeof value.awsRequestId === 'string'
      ? undefined
      : " must be the handler's Lambda context",
}

/** Checks every option at once and names each bad one; unknown names are errors too (typos). */
const validate = (
  where: string,
  options: unknown,
  allowed: readonly string[],
  required: readonly string[] = [],
): void => {
  if (!isRecord(options)) {
    throw new IdempotencyConfigError(`${where} takes an options object, got ${typeof options}.`, [])
  }
  const problems: string[] = []
  const names: string[] = []
  const note = (name: string, problem: string): void => {
    names.push(name)
    problems.push(`\`${name}\`${problem}`)
  }
  for (const name of required) if (options[name] === undefined) note(name, ' is required')
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue
    const problem = allowed.includes(name)
      ? CHECKS[name]?.(value)
      : name === 'name'
        ? ' was merged into `namespace`: pass `namespace: <function name>#<name>`'
        : ` is not an option (they are ${allowed.join(', ')})`
    if (problem !== undefined) note(name, problem)
  }
  if (problems.length > 0) {
    throw new IdempotencyConfigError(`${where}: ${problems.join('; ')}.`, names)
  }
}

const COMMON_OPTIONS = [
  'store',
  'key',
  'fingerprint',
  'namespace',
  'ttlSeconds',
  'lockTimeoutMs',
  'now',
  'logger',
]
const MIDDLEWARE_OPTIONS = [...COMMON_OPTIONS, 'trigger', 'inFlight', 'http']
const RECORD_OPTIONS = [...COMMON_OPTIONS, 'context']

const common = (
  options: CommonOptions & { store?: IdempotencyStore },
  logger: () => IdempotencyLogger,
): Resolved => ({
  store: options.store ?? new MemoryStore(),
  namespace: options.namespace,
  ttlMs: (options.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000,
  lockTimeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
  now: options.now ?? Date.now,
  notes: notesFor(options.logger ?? logger()),
})

/** Once per `idempotency()` call, i.e. at cold start. */
export const resolveMiddlewareOptions = <TEvent>(
  options: IdempotencyOptions<TEvent>,
): ResolvedMiddleware<TEvent> => {
  validate('idempotency()', options, MIDDLEWARE_OPTIONS)
  const inFlight = options.inFlight
  return {
    ...common(options, createLogger),
    key: options.key,
    fingerprint: options.fingerprint,
    trigger: options.trigger,
    inFlight:
      inFlight === undefined
        ? undefined
        : { waitMs: inFlight.waitMs, pollMs: inFlight.pollMs ?? DEFAULT_POLL_MS },
    http: options.http,
  }
}

// processRecordsOnce runs per invocation: its default logger is made once, on first use.
let recordsLogger: IdempotencyLogger | undefined
const sharedLogger = (): IdempotencyLogger => {
  recordsLogger ??= createLogger()
  return recordsLogger
}

export const resolveRecordOptions = <TRecord>(
  options: ProcessRecordsOptions<TRecord>,
): Resolved => {
  validate('processRecordsOnce()', options, RECORD_OPTIONS, ['store', 'context'])
  return common(options, sharedLogger)
}

/** `<namespace>` or, by default, the function's name (`local` outside Lambda). */
export const namespaceFor = (resolved: Resolved, context: Context): string =>
  resolved.namespace ?? context.functionName ?? 'local'
