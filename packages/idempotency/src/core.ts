import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { IdempotencyError, IdempotencyResultError, IdempotencyStoreError } from './errors.ts'
import type { Note } from './log.ts'
import type { InFlightWait } from './options.ts'
import type { AcquireOutcome, IdempotencyRecord, IdempotencyStore } from './stores/store.ts'

// Owner tokens: unique per acquisition; a counter behind a per-process UUID costs no crypto per call.
const PROCESS_ID = randomUUID()
let acquisitions = 0
export const newOwner = (): string => `${PROCESS_ID}:${++acquisitions}`

export interface Lock {
  key: string
  owner: string
  /** The trigger, for log lines. */
  trigger: string
  /** Set by the middleware: the lock was taken under HTTP semantics. */
  http: boolean
}

export type Decision =
  | { kind: 'run'; lock: Lock }
  | { kind: 'replay'; result: unknown }
  | { kind: 'in_progress'; retryAfterMs: number }
  | { kind: 'mismatch' }

export interface AcquireParams {
  store: IdempotencyStore
  key: string
  fingerprint: string | undefined
  trigger: string
  http: boolean
  /** This invocation's deadline (epoch ms): our lock expires then. */
  deadline: number
  now: () => number
  wait: Required<InFlightWait> | undefined
}

type StoreAction = 'acquire' | 'read' | 'complete'

const CONSEQUENCE: Record<StoreAction, string> = {
  acquire: 'The handler did not run; retry once the store is reachable.',
  read: 'The handler did not run; retry once the store is reachable.',
  complete:
    'The handler ran, but its result was not stored: a retry runs it again once its lock expires.',
}

/**
 * Custom stores may throw anything; callers only ever see typed errors, whose message says whether
 * the handler ran. A store's own typed error passes through, except after the handler ran, where
 * the message must say so (result errors already do).
 */
export const toStoreError = (action: StoreAction, key: string, error: unknown): Error => {
  if (error instanceof IdempotencyResultError) return error
  if (error instanceof IdempotencyError && action !== 'complete') return error
  return new IdempotencyStoreError(
    `Idempotency store ${action} failed for key "${key}": ${(error as Error)?.message ?? String(error)}. ${CONSEQUENCE[action]}`,
    { cause: error },
  )
}

/** (No async wrapper: hot path.) */
const storeCall = <T>(action: StoreAction, key: string, call: () => Promise<T>): Promise<T> => {
  try {
    return call().then(undefined, (error: unknown) =>
      Promise.reject(toStoreError(action, key, error)),
    )
  } catch (error) {
    return Promise.reject(toStoreError(action, key, error))
  }
}

const judge = (
  record: IdempotencyRecord,
  fingerprint: string | undefined,
  now: number,
): Decision => {
  if (
    record.fingerprint !== undefined &&
    fingerprint !== undefined &&
    record.fingerprint !== fingerprint
  ) {
    return { kind: 'mismatch' }
  }
  if (record.status === 'COMPLETED') return { kind: 'replay', result: record.result }
  return { kind: 'in_progress', retryAfterMs: Math.max(0, record.expiresAt - now) }
}

/** Take the lock, or say why not: a stored result to replay, a live owner, or another payload. */
export const acquireOrReplay = async (params: AcquireParams): Promise<Decision> => {
  const { store, key, fingerprint, deadline, now } = params
  const owner = newOwner()
  const tryAcquire = async (): Promise<Decision> => {
    const at = now()
    const outcome: AcquireOutcome = await storeCall('acquire', key, () =>
      store.acquire({ key, owner, expiresAt: deadline, fingerprint, now: at }),
    )
    return outcome.acquired
      ? { kind: 'run', lock: { key, owner, trigger: params.trigger, http: params.http } }
      : judge(outcome.record, fingerprint, at)
  }
  let decision = await tryAcquire()
  if (decision.kind !== 'in_progress' || params.wait === undefined) return decision
  // Stop waiting with time to spare: replaying needs this invocation alive.
  const waitUntil = Math.min(now() + params.wait.waitMs, deadline - 100)
  const { pollMs } = params.wait
  while (now() + pollMs <= waitUntil) {
    await sleep(pollMs)
    const at = now()
    const record = await storeCall('read', key, () => store.get(key, at))
    // Gone: the owner failed and released, or its lock expired; compete for it like a new delivery.
    decision = record === undefined ? await tryAcquire() : judge(record, fingerprint, at)
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
 * Stores the result under the lock. False: the lock was lost (expired and taken over), nothing
 * written. A result that cannot be stored frees the key at once (nothing was written, so a retry
 * may run) and is thrown; any other failure is thrown as an IdempotencyStoreError saying the
 * handler ran.
 */
export const completeLock = async (
  store: IdempotencyStore,
  lock: Lock,
  result: unknown,
  expiresAt: number,
  warn: Note,
): Promise<boolean> => {
  try {
    return await store.complete({ key: lock.key, owner: lock.owner, result, expiresAt })
  } catch (error) {
    if (error instanceof IdempotencyResultError) await releaseAfterFailure(store, lock, warn)
    throw toStoreError('complete', lock.key, error)
  }
}
