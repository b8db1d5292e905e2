import type { MiddlewareObj, Request } from '@middy/core'
import type { ALBEvent, Context } from 'aws-lambda'
import { acquireOrReplay, completeLock, type Lock, releaseAfterFailure } from './core.ts'
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

type IdempotencyRequest<TEvent, TResult> = Request<TEvent, TResult, Error, Context>

/** The raw key (and fingerprint) `before` locks on. */
interface Start {
  key: string
  fingerprint: string | undefined
}

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
  // Frozen at `before`, keyed by the request object: later middlewares can mutate the event or
  // request.internal, and a request that never acquired has no entry (so it can never release).
  const owned = new WeakMap<object, Lock>()

  const nonHttpStart = (event: TEvent, context: Context, trigger: Trigger | 'custom'): Start => {
    const key = resolved.key
      ? resolved.key(event, context)
      : deriveKey(trigger as Trigger, event, context)
    if (!key) {
      throw new IdempotencyKeyError(
        'The `key` option returned no key for this event. Return a stable, non-empty id of the delivery.',
      )
    }
    const fingerprint = resolved.fingerprint
      ? fingerprintOf(resolved.fingerprint(event))
      : undefined
    return { key, fingerprint }
  }

  const before = async (request: IdempotencyRequest<TEvent, TResult>): Promise<void> => {
    const { event, context } = request
    // With a custom key an unrecognised event is fine: the trigger then only decides `http`.
    const trigger: Trigger | 'custom' =
      resolved.trigger ??
      (resolved.key ? (detectTrigger(event) ?? 'custom') : detectTriggerOrThrow(event))
    const http = resolved.http ?? trigger === 'alb'
    const alb = event as unknown as ALBEvent

    let start: Start
    if (http) {
      const header: AlbKey = resolved.key
        ? keyFromOption(resolved.key(event, context))
        : albKey(alb)
      const fingerprint = resolved.fingerprint
      const begun = httpStart(alb, header, fingerprint && (() => fingerprint(event)))
      if (begun.kind === 'pass') return
      if (begun.kind === 'answer') {
        request.earlyResponse = begun.response as TResult
        return
      }
      start = begun
    } else {
      start = nonHttpStart(event, context, trigger)
    }

    const key = namespacedKey(namespaceFor(resolved, context), start.key)
    const remaining = context.getRemainingTimeInMillis?.() ?? resolved.lockTimeoutMs
    const decision = await acquireOrReplay({
      store,
      key,
      fingerprint: start.fingerprint,
      trigger,
      http,
      deadline: now() + remaining,
      now,
      wait: resolved.inFlight,
    })

    switch (decision.kind) {
      case 'run':
        owned.set(request, decision.lock)
        return
      case 'replay':
        notes.debug('replay', key, trigger)
        request.earlyResponse = (http ? markReplayed(decision.result) : decision.result) as TResult
        return
      case 'mismatch':
        notes.warn('payload_mismatch', key, trigger)
        if (http) {
          request.earlyResponse = httpAnswer(alb, decision) as TResult
          return
        }
        throw new IdempotencyPayloadMismatchError(key)
      case 'in_progress':
        notes.debug('in_progress', key, trigger, { retryAfterMs: decision.retryAfterMs })
        if (http) {
          request.earlyResponse = httpAnswer(alb, decision) as TResult
          return
        }
        throw new IdempotencyInProgressError(key, decision.retryAfterMs)
    }
  }

  const after = async (request: IdempotencyRequest<TEvent, TResult>): Promise<void> => {
    const lock = owned.get(request)
    if (lock === undefined) return
    owned.delete(request)
    // A 5xx may be transient: not stored, so a retry runs again. The response stays the answer.
    if (lock.http && isServerError(request.response)) {
      await releaseAfterFailure(store, lock, notes.warn)
      return
    }
    const stored = await completeLock(
      store,
      lock,
      request.response,
      now() + resolved.ttlMs,
      notes.warn,
    )
    if (!stored) notes.warn('lock_lost', lock.key, lock.trigger)
  }

  const onError = async (request: IdempotencyRequest<TEvent, TResult>): Promise<void> => {
    const lock = owned.get(request)
    if (lock === undefined) return
    owned.delete(request)
    // Middy's early timeout rejects while the handler keeps running: freeing the lock now would
    // let a retry run beside it. The lock expires at the deadline by itself.
    if (request.error?.name === 'TimeoutError') {
      notes.warn('timeout_lock_kept', lock.key, lock.trigger)
      return
    }
    await releaseAfterFailure(store, lock, notes.warn)
  }

  return { before, after, onError }
}

const keyFromOption = (key: string | undefined): AlbKey =>
  key ? { kind: 'key', key } : { kind: 'absent' }
