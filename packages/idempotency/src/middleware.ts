import type { MiddlewareObj, Request } from '@middy/core'
import type { ALBEvent, Context } from 'aws-lambda'
import { acquireOrReplay, type InFlightWait, type Lock, storeCall, toStoreError } from './core.ts'
import {
  IdempotencyInProgressError,
  IdempotencyKeyError,
  IdempotencyPayloadMismatchError,
  IdempotencyResultError,
} from './errors.ts'
import { fingerprintOf, namespacedKey } from './fingerprint.ts'
import { isSafeMethod, isServerError, markReplayed, problem, requiresKey } from './http.ts'
import { albKey } from './keys/alb.ts'
import { deriveKey, detectTrigger, type Trigger } from './keys/index.ts'
import { type IdempotencyLogEntry, type IdempotencyLogger, jsonLineLogger } from './log.ts'
import { MemoryStore } from './stores/memory.ts'
import type { IdempotencyStore } from './stores/store.ts'

export interface IdempotencyOptions<TEvent = unknown> {
  /** Where locks and results live. Default: a MemoryStore (this container only). */
  store?: IdempotencyStore
  /** Overrides the per-trigger key. Return undefined to fail with IdempotencyKeyError. */
  key?: (event: TEvent, context: Context) => string | undefined
  /** The payload part whose hash must match on a duplicate (ALB default: the body). */
  fingerprint?: (event: TEvent) => unknown
  /** Handler name, when one function hosts several handlers. */
  name?: string
  /** Key namespace. Default: `context.functionName` (plus `#name`). */
  namespace?: string
  /** How long a completed result is replayed, in seconds. Default 3600. */
  ttlSeconds?: number
  /** Wait for an in-flight owner's result instead of failing at once. */
  inFlight?: InFlightWait
  /** HTTP (IETF Idempotency-Key) semantics. Default: on for ALB events. */
  http?: boolean
  /** Lock lifetime when the context has no deadline (outside Lambda). Default 900 000 ms. */
  lockTimeoutMs?: number
  /** Clock, epoch ms. Default Date.now. */
  now?: () => number
  /** Default: one JSON line on stdout/stderr. */
  logger?: IdempotencyLogger
}

type IdempotencyRequest<TEvent, TResult> = Request<TEvent, TResult, Error, Context>

/**
 * Makes the handler run once per key. Register it last among `before` middlewares that may answer
 * early: Middy skips the `after` stack on an early response, which would leave our lock to expire.
 */
export const idempotency = <TEvent = unknown, TResult = unknown>(
  options: IdempotencyOptions<TEvent> = {},
): MiddlewareObj<TEvent, TResult, Error, Context> => {
  const store = options.store ?? new MemoryStore()
  const now = options.now ?? Date.now
  const ttlMs = (options.ttlSeconds ?? 3600) * 1000
  const lockTimeoutMs = options.lockTimeoutMs ?? 900_000
  const log = options.logger ?? jsonLineLogger
  // Frozen at `before`, keyed by the request object: later middlewares can mutate the event or
  // request.internal, and a request that never acquired has no entry (so it can never delete).
  const owned = new WeakMap<object, Lock>()

  const note = (
    level: IdempotencyLogEntry['level'],
    event: IdempotencyLogEntry['event'],
    key: string,
    trigger: Trigger,
    extra: Record<string, unknown> = {},
  ): void => log({ level, message: `idempotency ${event}`, event, key, trigger, ...extra })

  const namespaceOf = (context: Context): string => {
    const base = options.namespace ?? context.functionName ?? 'local'
    return options.name === undefined ? base : `${base}#${options.name}`
  }

  const before = async (request: IdempotencyRequest<TEvent, TResult>): Promise<void> => {
    const { event, context } = request
    const trigger = detectTrigger(event)
    const http = options.http ?? trigger === 'alb'
    const alb = event as unknown as ALBEvent
    let rawKey: string | undefined
    let fingerprint: string | undefined

    if (http) {
      const method = alb.httpMethod.toUpperCase()
      if (isSafeMethod(method)) return
      const header = options.key ? keyFromOption(options.key(event, context)) : albKey(alb)
      if (header.kind === 'invalid') {
        request.earlyResponse = problem(alb, 400, header.reason) as TResult
        return
      }
      if (header.kind === 'absent') {
        if (!requiresKey(method)) return
        request.earlyResponse = problem(
          alb,
          400,
          `${method} ${alb.path} requires an Idempotency-Key header.`,
        ) as TResult
        return
      }
      rawKey = header.key
      fingerprint = fingerprintOf(
        options.fingerprint ? options.fingerprint(event) : (alb.body ?? ''),
      )
    } else {
      rawKey = options.key ? options.key(event, context) : deriveKey(trigger, event, context)
      if (!rawKey) {
        throw new IdempotencyKeyError(
          'The `key` option returned no key for this event. Return a stable, non-empty id of the delivery.',
        )
      }
      if (options.fingerprint) fingerprint = fingerprintOf(options.fingerprint(event))
    }

    const key = namespacedKey(namespaceOf(context), rawKey)
    const remaining = context.getRemainingTimeInMillis?.() ?? lockTimeoutMs
    const decision = await acquireOrReplay({
      store,
      key,
      fingerprint,
      deadline: now() + remaining,
      now,
      wait: options.inFlight,
    })

    switch (decision.kind) {
      case 'run':
        decision.lock.http = http
        owned.set(request, decision.lock)
        return
      case 'replay':
        note('info', 'replay', key, trigger)
        request.earlyResponse = (http ? markReplayed(decision.result) : decision.result) as TResult
        return
      case 'mismatch':
        note('warn', 'payload_mismatch', key, trigger)
        if (http) {
          request.earlyResponse = problem(
            alb,
            422,
            'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
          ) as TResult
          return
        }
        throw new IdempotencyPayloadMismatchError(key)
      case 'in_progress':
        note('info', 'in_progress', key, trigger, { retryAfterMs: decision.retryAfterMs })
        if (http) {
          const retryAfter = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)))
          request.earlyResponse = problem(
            alb,
            409,
            'A request with this Idempotency-Key is still being processed. Retry after the delay in Retry-After.',
            { 'retry-after': retryAfter },
          ) as TResult
          return
        }
        throw new IdempotencyInProgressError(key, decision.retryAfterMs)
    }
  }

  const after = async (request: IdempotencyRequest<TEvent, TResult>): Promise<void> => {
    const lock = owned.get(request)
    if (lock === undefined) return
    owned.delete(request)
    const { key, owner } = lock
    if (lock.http && isServerError(request.response)) {
      await storeCall('release', key, () => store.release(key, owner))
      return
    }
    let stored: boolean
    try {
      stored = await store.complete({
        key,
        owner,
        result: request.response,
        expiresAt: now() + ttlMs,
      })
    } catch (error) {
      // Nothing was written, so free the key rather than block retries until the deadline.
      if (error instanceof IdempotencyResultError)
        await store.release(key, owner).catch(() => false)
      throw toStoreError('complete', key, error)
    }
    if (!stored) {
      note('warn', 'lock_lost', key, detectTrigger(request.event))
    }
  }

  const onError = async (request: IdempotencyRequest<TEvent, TResult>): Promise<void> => {
    const lock = owned.get(request)
    if (lock === undefined) return
    owned.delete(request)
    const trigger = detectTrigger(request.event)
    // Middy's early timeout rejects while the handler keeps running: deleting the lock now would
    // let a retry run beside it. The lock expires at the deadline by itself.
    if (request.error?.name === 'TimeoutError') {
      note('warn', 'timeout_lock_kept', lock.key, trigger)
      return
    }
    try {
      await store.release(lock.key, lock.owner)
    } catch (error) {
      // Keep the handler's error as the one reported; the lock expires at the deadline anyway.
      note('warn', 'release_failed', lock.key, trigger, { reason: (error as Error)?.message })
    }
  }

  return { before, after, onError }
}

const keyFromOption = (key: string | undefined): ReturnType<typeof albKey> =>
  key ? { kind: 'key', key } : { kind: 'absent' }

export type { Trigger }
