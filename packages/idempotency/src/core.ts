import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { IdempotencyError, IdempotencyStoreError } from './errors.ts'
import type { AcquireOutcome, IdempotencyRecord, IdempotencyStore } from './stores/store.ts'

// Owner tokens: unique per acquisition; a counter behind a per-process UUID costs no crypto per call.
const PROCESS_ID = randomUUID()
let acquisitions = 0
export const newOwner = (): string => `${PROCESS_ID}:${++acquisitions}`

export interface InFlightWait {
  /** Longest wait for the owner's result, in ms (also capped by this invocation's own deadline). */
  waitMs: number
  /** Delay between reads of the record while waiting (default 100 ms). */
  pollMs?: number
}

export interface Lock {
  key: string
  owner: string
  fingerprint: string | undefined
  /** Set by the middleware: the lock was taken under HTTP semantics. */
  http?: boolean
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
  /** This invocation's deadline (epoch ms): our lock expires then. */
  deadline: number
  now: () => number
  wait: InFlightWait | undefined
}

/** Custom stores may throw anything; callers only ever see typed errors. (No async wrapper: hot path.) */
export const storeCall = <T>(action: string, key: string, call: () => Promise<T>): Promise<T> => {
  try {
    return call().then(undefined, (error: unknown) =>
      Promise.reject(toStoreError(action, key, error)),
    )
  } catch (error) {
    return Promise.reject(toStoreError(action, key, error))
  }
}

export const toStoreError = (action: string, key: string, error: unknown): Error =>
  error instanceof IdempotencyError
    ? error
    : new IdempotencyStoreError(
        `Idempotency store ${action} failed for key "${key}": ${(error as Error)?.message ?? String(error)}. ` +
          'The handler was not run twice; retry once the store is reachable.',
        { cause: error },
      )

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
    let outcome: AcquireOutcome
    try {
      outcome = await store.acquire({ key, owner, expiresAt: deadline, fingerprint, now: at })
    } catch (error) {
      throw toStoreError('acquire', key, error)
    }
    return outcome.acquired
      ? { kind: 'run', lock: { key, owner, fingerprint } }
      : judge(outcome.record, fingerprint, at)
  }
  let decision = await tryAcquire()
  if (decision.kind !== 'in_progress' || params.wait === undefined) return decision
  // Stop waiting with time to spare: replaying needs this invocation alive.
  const waitUntil = Math.min(now() + params.wait.waitMs, deadline - 100)
  const pollMs = params.wait.pollMs ?? 100
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
