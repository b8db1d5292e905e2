import { problemResponse } from '@repo/runtime'
import type { ALBEvent, ALBResult } from 'aws-lambda'
import { fingerprintOf } from './fingerprint.ts'
import type { AlbKey } from './keys/alb.ts'
import { isObject } from './keys/object.ts'

/** ALB must answer in `multiValueHeaders` exactly when the request came with them. */
export const usesMultiValueHeaders = (event: ALBEvent): boolean =>
  event.multiValueHeaders !== undefined

/** The repository's one RFC 9457 builder, in whichever header form the request used. */
export const problem = (
  event: ALBEvent,
  status: 400 | 409 | 422,
  detail: string,
  headers?: Record<string, string>,
): ALBResult => {
  const result = problemResponse(status, detail, { headers })
  if (!usesMultiValueHeaders(event)) return result
  const { headers: single = {}, ...rest } = result
  return {
    ...rest,
    multiValueHeaders: Object.fromEntries(
      Object.entries(single).map(([name, value]) => [name, [String(value)]]),
    ),
  }
}

const isAlbResult = (value: unknown): value is ALBResult =>
  isObject(value) && typeof value.statusCode === 'number'

/** 5xx is not stored: the failure may be transient, so the lock is released and a retry runs again. */
export const isServerError = (value: unknown): boolean =>
  isAlbResult(value) && value.statusCode >= 500

/** The stored response, marked as a replay in whichever header form it was written. */
export const markReplayed = (value: unknown): unknown => {
  if (!isAlbResult(value)) return value
  if (value.multiValueHeaders !== undefined) {
    return {
      ...value,
      multiValueHeaders: { ...value.multiValueHeaders, 'idempotent-replayed': ['true'] },
    }
  }
  return { ...value, headers: { ...value.headers, 'idempotent-replayed': 'true' } }
}

/** Methods the draft asks a key for. PUT and DELETE are idempotent already; a key there is optional. */
export const requiresKey = (method: string): boolean => method === 'POST' || method === 'PATCH'

export const isSafeMethod = (method: string): boolean =>
  method === 'GET' || method === 'HEAD' || method === 'OPTIONS'

/** How an HTTP request enters the idempotent flow. */
export type HttpStart =
  | { kind: 'pass' }
  | { kind: 'answer'; response: ALBResult }
  | { kind: 'key'; key: string; fingerprint: string }

/**
 * IETF Idempotency-Key semantics: safe methods and keyless PUT/DELETE pass through, a bad or
 * missing (POST/PATCH) key is a 400, anything else is keyed and fingerprinted (default: the body).
 */
export const httpStart = (
  event: ALBEvent,
  header: AlbKey,
  fingerprintPart: (() => unknown) | undefined,
): HttpStart => {
  const method = event.httpMethod.toUpperCase()
  if (isSafeMethod(method)) return { kind: 'pass' }
  if (header.kind === 'invalid')
    return { kind: 'answer', response: problem(event, 400, header.reason) }
  if (header.kind === 'absent') {
    if (!requiresKey(method)) return { kind: 'pass' }
    return {
      kind: 'answer',
      response: problem(event, 400, `${method} ${event.path} requires an Idempotency-Key header.`),
    }
  }
  const part = fingerprintPart ? fingerprintPart() : (event.body ?? '')
  return { kind: 'key', key: header.key, fingerprint: fingerprintOf(part) }
}

/** The answer when the handler does not run: 422 for another body, 409 + Retry-After while in flight. */
export const httpAnswer = (
  event: ALBEvent,
  decision: { kind: 'mismatch' } | { kind: 'in_progress'; retryAfterMs: number },
): ALBResult => {
  if (decision.kind === 'mismatch') {
    return problem(
      event,
      422,
      'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
    )
  }
  // Whole seconds, never 0: "retry now" would only meet the same lock again.
  const retryAfter = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)))
  return problem(
    event,
    409,
    'A request with this Idempotency-Key is still being processed. Retry after the delay in Retry-After.',
    { 'retry-after': retryAfter },
  )
}
