import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { IdempotencyError, IdempotencyResultError, IdempotencyStoreError } from './errors.ts'
import type { Note } from './log.ts'
import type { InFlightWait } from './options.ts'
import type {
  AcquireOutcome,
  AcquireRequest,
  IdempotencyRecord,
  IdempotencyStore,
  MaybePromise,
} from './stores/store.ts'

// Owner tokens: unique per acquisition, `<uuid>:<n>`. The UUID is renewed every 1024 acquisitions and
// `:<n>` comes from a table, so a call pays no crypto and no number formatting, and the token kept
// with its record is one small string pair (the parts are shared).
const SUFFIXES = Array.from({ length: 1024 }, (_, n) => `:${n}`)
let ownerPrefix = randomUUID()
let nextSuffix = 0
export const newOwner = (): string => {
  if (nextSuffix === SUFFIXES.length) {
    ownerPrefix = randomUUID()
    nextSuffix = 0
  }
  return ownerPrefix + (SUFFIXES[nextSuffix++] as string)
}

export interface Lock {
  key: string
  owner: string
  /** The trigger, for log lines. */
  trigger: string
  /** Set by the middleware: the lock was taken under HTTP semantics. */
  http: boolean
}

export type Decision =
  | ({ kind: 'run' } & Lock)
  | { kind: 'replay'; key: string; result: unknown }
  | { kind: 'in_progress'; key: string; retryAfterMs: number }
  | { kind: 'mismatch'; key: string }

type StoreAction = 'acquire' | 'read' | 'complete'

const NOT_RUN = 'The handler did not run; retry once the store is reachable.'
const RAN =
  'The handler ran, but its result was not stored: a retry runs it again once its lock expires.'

/**
 * Custom stores may throw anything; callers only ever see typed errors, whose message says whether
 * the handler ran. A store's own typed error passes through, except after the handler ran, where
 * the message must say so (result errors already do).
 */
export const toStoreError = (action: StoreAction, key: string, error: unknown): Error => {
  if (error instanceof IdempotencyResultError) return error
  if (error instanceof IdempotencyError && action !== 'complete') return error
  return new IdempotencyStoreError(
    `Idempotency store ${action} failed for key "${key}": ${(error as Error)?.message ?? String(error)}. ${action === 'complete' ? RAN : NOT_RUN}`,
    { cause: error },
  )
}

/** Off the hot path (waiting for an owner): any failure, sync or async, as a typed error. */
const storeCall = async <T>(
  action: StoreAction,
  key: string,
  call: () => MaybePromise<T>,
): Promise<T> => {
  try {
    return await call()
  } catch (error) {
    throw toStoreError(action, key, error)
  }
}

/** A store's answer that has yet to arrive (any thenable, not only a native Promise). */
export const isPending = <T>(value: MaybePromise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function'

const judge = (
  key: string,
  record: IdempotencyRecord,
  fingerprint: string | undefined,
  now: number,
): Decision => {
  if (
    record.fingerprint !== undefined &&
    fingerprint !== undefined &&
    record.fingerprint !== fingerprint
  ) {
    return { kind: 'mismatch', key }
  }
  if (record.status === 'COMPLETED') return { kind: 'replay', key, result: record.result }
  return { kind: 'in_progress', key, retryAfterMs: Math.max(0, record.expiresAt - now) }
}

/** One acquisition's request: a fresh owner token, the deadline as the lock's expiry. */
export const acquisition = (
  key: string,
  fingerprint: string | undefined,
  at: number,
  deadline: number,
): AcquireRequest => ({ key, owner: newOwner(), expiresAt: deadline, fingerprint, now: at })

/**
 * What the store's answer means: run (we hold the lock), replay, in progress, or another payload.
 * Callers await `store.acquire` themselves (one await on the hot path, no wrapper promises) and
 * turn its failure into `toStoreError('acquire', ...)`.
 */
export const decide = (
  outcome: AcquireOutcome,
  request: AcquireRequest,
  trigger: string,
  http: boolean,
): Decision =>
  outcome.acquired
    ? { kind: 'run', key: request.key, owner: request.owner, trigger, http }
    : judge(request.key, outcome.record, request.fingerprint, request.now)

/**
 * `inFlight`: poll the owner's record until it completes (replay), frees the key (compete for it
 * like a new delivery), or the wait ends. Stops with time to spare: replaying needs this
 * invocation alive.
 */
export const waitForOwner = async (
  initial: Decision,
  store: IdempotencyStore,
  request: AcquireRequest,
  wait: Required<InFlightWait>,
  now: () => number,
  trigger: string,
  http: boolean,
): Promise<Decision> => {
  const { key, fingerprint } = request
  const waitUntil = Math.min(now() + wait.waitMs, request.expiresAt - 100)
  let decision = initial
  while (now() + wait.pollMs <= waitUntil) {
    await sleep(wait.pollMs)
    const at = now()
    const record = await storeCall('read', key, () => store.get(key, at))
    if (record === undefined) {
      const retry = { ...request, now: at }
      const outcome = await storeCall('acquire', key, () => store.acquire(retry))
      decision = decide(outcome, retry, trigger, http)
    } else {
      decision = judge(key, record, fingerprint, at)
    }
    if (decision.kind !== 'in_progress') return decision
  }
  return decision
}

/**
 * The one policy for a lock that must be freed after a failure (the handler threw, returned a 5xx,
 * or its result cannot be stored): try once; if the store fails, keep the error already being
 * reported, log a warning, and let the lock expire at its deadline. Never throws.
 */
export const releaseAfterFailure = async (
  store: IdempotencyStore,
  lock: Lock,
  warn: Note,
): Promise<void> => {
  try {
    await store.release(lock.key, lock.owner)
  } catch (error) {
    warn('release_failed', lock.key, lock.trigger, {
      reason: error instanceof Error ? error.message : String(error),
    })
  }
}

/**
 * After `store.complete` threw: a result that cannot be stored frees the key at once (nothing was
 * written, so a retry may run) and is returned as is; any other failure becomes an
 * IdempotencyStoreError saying the handler ran. The caller throws what this returns.
 */
export const completionFailure = async (
  store: IdempotencyStore,
  lock: Lock,
  error: unknown,
  warn: Note,
): Promise<Error> => {
  if (error instanceof IdempotencyResultError) await releaseAfterFailure(store, lock, warn)
  return toStoreError('complete', lock.key, error)
}
