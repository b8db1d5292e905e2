import type { ALBEvent, ALBResult } from 'aws-lambda'
import { isObject } from './keys/object.ts'

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  409: 'Conflict',
  422: 'Unprocessable Content',
}

/** ALB must answer in `multiValueHeaders` exactly when the request came with them. */
export const usesMultiValueHeaders = (event: ALBEvent): boolean =>
  event.multiValueHeaders !== undefined

/** An RFC 9457 problem document (`about:blank`: the title is the status phrase). */
export const problem = (
  event: ALBEvent,
  status: 400 | 409 | 422,
  detail: string,
  extraHeaders: Record<string, string> = {},
): ALBResult => {
  const title = REASONS[status] ?? 'Error'
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    ...extraHeaders,
  }
  const body = JSON.stringify({ type: 'about:blank', title, status, detail })
  const result: ALBResult = {
    statusCode: status,
    statusDescription: `${status} ${title}`,
    body,
    isBase64Encoded: false,
  }
  if (usesMultiValueHeaders(event)) {
    result.multiValueHeaders = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, [value]]),
    )
  } else {
    result.headers = headers
  }
  return result
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
