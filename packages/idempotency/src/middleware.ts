import type { MiddlewareObj, Request } from '@middy/core'
import type { ALBEvent, Context } from 'aws-lambda'
import {
  acquisition,
  completionFailure,
  type Decision,
  decide,
  isPending,
  type Lock,
  releaseAfterFailure,
  toStoreError,
  waitForOwner,
} from './core.ts'
import {
  IdempotencyInProgressError,
  IdempotencyKeyError,
  IdempotencyPayloadMismatchError,
} from './errors.ts'
import { fingerprintOf, namespacedKey } from './fingerprint.ts'
import { httpAnswer, httpStart, isServerError, markReplayed } from './http.ts'
import { type AlbKey, albKey } from './keys/alb.ts'
import { deriveKey, detectTrigger, detectTriggerOrThrow, type Trigger } from './keys/detect.ts'
import { type IdempotencyOptions, namespaceFor, resolveMiddlewareOptions } from './options.ts'
import type { AcquireOutcome, AcquireRequest, MaybePromise } from './stores/store.ts'

type IdempotencyRequest<TEvent, TResult> = Request<TEvent, TResult, Error, Context>

/**
 * Makes the handler run once per key. Register it last among `before` middlewares that may answer
 * early: Middy skips the `after` stack on an early response, which would leave our lock to expire.
 * Options are checked here, once: a bad one is an IdempotencyConfigError at cold start.
 */
export const idempotency = <TEvent = unknown, TResult = unknown>(
  options: IdempotencyOptions<TEvent> = {},
): MiddlewareObj<TEvent, TResult, Error, Context> => {
  const resolved = resolveMiddlewareOptions(options)
  const { store, now, notes } = resolved
  // The lock is frozen at `before` under a symbol only this instance holds: later middlewares can
  // mutate the event or request.internal, and a request that never acquired has none, so it can
  // never release. (A property, not a WeakMap: ~100 ns and ephemeron GC work less per call.)
  const LOCK = Symbol()
  type Owned = IdempotencyRequest<TEvent, TResult> & {
    [LOCK]?: Lock | undefined
  }
  /** Hands the lock over once: a second `after`/`onError` for one request finds nothing. */
  const takeLock = (request: Owned): Lock | undefined => {
    const lock = request[LOCK]
    if (lock !== undefined) request[LOCK] = undefined
    return lock
  }

  const nonHttpKey = (event: TEvent, context: Context, trigger: Trigger | 'custom'): string => {
    const key = resolved.key
      ? resolved.key(event, context)
      : deriveKey(trigger as Trigger, event, context)
    if (!key) {
      throw new IdempotencyKeyError(
        'The `key` option returned no key: return a stable, non-empty id of the delivery.',
      )
    }
    return key
  }

  /** What the handler's caller gets when the handler does not run (or the lock we now hold). */
  const answer = (
    request: Owned,
    decision: Decision,
    trigger: Trigger | 'custom',
    http: boolean,
  ): void => {
    switch (decision.kind) {
      case 'run':
        request[LOCK] = decision
        return
      case 'replay':
        notes.debug('replay', decision.key, trigger)
        request.earlyResponse = (http ? markReplayed(decision.result) : decision.result) as TResult
        return
      default: {
        const mismatch = decision.kind === 'mismatch'
        if (mismatch) notes.warn('payload_mismatch', decision.key, trigger)
        else
          notes.debug('in_progress', decision.key, trigger, { retryAfterMs: decision.retryAfterMs })
        if (http) {
          request.earlyResponse = httpAnswer(request.event as ALBEvent, decision) as TResult
          return
        }
        throw mismatch
          ? new IdempotencyPayloadMismatchError(decision.key)
          : new IdempotencyInProgressError(decision.key, decision.retryAfterMs)
      }
    }
  }

  const settle = (
    request: Owned,
    attempt: AcquireRequest,
    outcome: AcquireOutcome,
    trigger: Trigger | 'custom',
    http: boolean,
  ): void | Promise<void> => {
    const decision = decide(outcome, attempt, trigger, http)
    if (decision.kind === 'in_progress' && resolved.inFlight !== undefined) {
      return waitForOwner(decision, store, attempt, resolved.inFlight, now, trigger, http).then(
        (waited) => answer(request, waited, trigger, http),
      )
    }
    answer(request, decision, trigger, http)
  }

  // The hooks return a promise only when the store does: Middy awaits a hook only then, so an
  // in-process store (MemoryStore) costs no promise round trip at all.
  const before = (request: Owned): void | Promise<void> => {
    const { event, context } = request
    // With a custom key an unrecognised event is fine: the trigger then only decides `http`.
    const trigger: Trigger | 'custom' =
      resolved.trigger ??
      (resolved.key ? (detectTrigger(event) ?? 'custom') : detectTriggerOrThrow(event))
    const http = resolved.http ?? trigger === 'alb'

    let rawKey: string
    let fingerprint: string | undefined
    if (http) {
      const alb = event as unknown as ALBEvent
      const header: AlbKey = resolved.key
        ? keyFromOption(resolved.key(event, context))
        : albKey(alb)
      const part = resolved.fingerprint
      const begun = httpStart(alb, header, part && (() => part(event)))
      if (begun.kind === 'pass') return
      if (begun.kind === 'answer') {
        request.earlyResponse = begun.response as TResult
        return
      }
      rawKey = begun.key
      fingerprint = begun.fingerprint
    } else {
      // Two locals, not a { key, fingerprint } object per call.
      rawKey = nonHttpKey(event, context, trigger)
      fingerprint = resolved.fingerprint ? fingerprintOf(resolved.fingerprint(event)) : undefined
    }

    const key = namespacedKey(namespaceFor(resolved, context), rawKey)
    const at = now()
    const deadline = at + (context.getRemainingTimeInMillis?.() ?? resolved.lockTimeoutMs)
    const attempt = acquisition(key, fingerprint, at, deadline)
    let outcome: MaybePromise<AcquireOutcome>
    try {
      outcome = store.acquire(attempt)
    } catch (error) {
      throw toStoreError('acquire', key, error)
    }
    if (!isPending(outcome)) return settle(request, attempt, outcome, trigger, http)
    return Promise.resolve(outcome).then(
      (settled) => settle(request, attempt, settled, trigger, http),
      (error: unknown) => {
        throw toStoreError('acquire', key, error)
      },
    )
  }

  const failed = (lock: Lock, error: unknown): Promise<never> =>
    completionFailure(store, lock, error, notes.warn).then((failure) => {
      throw failure
    })

  const after = (request: Owned): void | Promise<void> => {
    const lock = takeLock(request)
    if (lock === undefined) return
    // A 5xx may be transient: not stored, so a retry runs again. The response stays the answer.
    if (lock.http && isServerError(request.response)) {
      return releaseAfterFailure(store, lock, notes.warn)
    }
    let stored: MaybePromise<boolean>
    try {
      stored = store.complete({
        key: lock.key,
        owner: lock.owner,
        result: request.response,
        expiresAt: now() + resolved.ttlMs,
      })
    } catch (error) {
      return failed(lock, error)
    }
    if (!isPending(stored)) {
      if (!stored) notes.warn('lock_lost', lock.key, lock.trigger)
      return
    }
    return Promise.resolve(stored).then(
      (done) => {
        if (!done) notes.warn('lock_lost', lock.key, lock.trigger)
      },
      (error: unknown) => failed(lock, error),
    )
  }

  const onError = (request: Owned): void | Promise<void> => {
    const lock = takeLock(request)
    if (lock === undefined) return
    // Middy's early timeout rejects while the handler keeps running: freeing the lock now would
    // let a retry run beside it. The lock expires at the deadline by itself.
    if (request.error?.name === 'TimeoutError') {
      notes.warn('timeout_lock_kept', lock.key, lock.trigger)
      return
    }
    return releaseAfterFailure(store, lock, notes.warn)
  }

  return { before, after, onError }
}

const keyFromOption = (key: string | undefined): AlbKey =>
  key ? { kind: 'key', key } : { kind: 'absent' }
