import type { ALBEvent } from 'aws-lambda'
import { isObject, type Obj } from './object.ts'

export const isAlbEvent = (event: Obj): event is Obj & ALBEvent =>
  isObject(event.requestContext) && isObject(event.requestContext.elb)

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key'
export const MAX_KEY_LENGTH = 255

export type AlbKey =
  | { kind: 'absent' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'key'; key: string }

const findHeader = <T>(headers: Record<string, T> | undefined): T | undefined => {
  if (headers === undefined) return undefined
  const exact = headers[IDEMPOTENCY_KEY_HEADER] ?? headers['Idempotency-Key']
  if (exact !== undefined) return exact
  for (const name in headers) {
    if (name.toLowerCase() === IDEMPOTENCY_KEY_HEADER) return headers[name]
  }
  return undefined
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

/**
 * The Idempotency-Key header (IETF draft: a structured-field string, so surrounding quotes are
 * dropped), read case-insensitively from `headers` or `multiValueHeaders`, scoped by method and path
 * so one key reused on another route is another request.
 */
export const albKey = (event: ALBEvent): AlbKey => {
  let value = findHeader(event.headers)
  if (value === undefined) {
    const values = findHeader(event.multiValueHeaders)
    if (values !== undefined && values.length > 1) {
      return { kind: 'invalid', reason: 'Send exactly one Idempotency-Key header.' }
    }
    value = values?.[0]
  }
  if (value === undefined) return { kind: 'absent' }
  const key =
    value.length > 1 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
  if (key.length === 0) return { kind: 'invalid', reason: 'The Idempotency-Key header is empty.' }
  if (key.length > MAX_KEY_LENGTH) {
    return {
      kind: 'invalid',
      reason: `The Idempotency-Key header is longer than ${MAX_KEY_LENGTH} characters.`,
    }
  }
  if (CONTROL_CHARACTERS.test(key)) {
    return { kind: 'invalid', reason: 'The Idempotency-Key header contains control characters.' }
  }
  return { kind: 'key', key: `alb:${event.httpMethod} ${event.path}:${key}` }
}
