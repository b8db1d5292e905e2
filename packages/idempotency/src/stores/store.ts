import { IdempotencyResultError, IdempotencyResultTooLargeError } from '../errors.ts'

/**
 * What every store implements. Keep it small: acquire, complete, release, get. All times are epoch
 * milliseconds from the caller's clock, so a store never reads a clock of its own (and tests can
 * inject one).
 */
export type RecordStatus = 'IN_PROGRESS' | 'COMPLETED'

export interface IdempotencyRecord {
  status: RecordStatus
  /** IN_PROGRESS: the owner's deadline. COMPLETED: completion time + TTL. After it, the key is free. */
  expiresAt: number
  fingerprint?: string | undefined
  /** The stored result, decoded; `undefined` when the handler returned undefined. */
  result?: unknown
}

export interface AcquireRequest {
  key: string
  /** Unique per acquisition: only its holder may complete or release the lock. */
  owner: string
  /** The invocation's deadline: a crashed owner's lock is free after it. */
  expiresAt: number
  fingerprint?: string | undefined
  now: number
}

export type AcquireOutcome = { acquired: true } | { acquired: false; record: IdempotencyRecord }

export interface CompleteRequest {
  key: string
  owner: string
  result: unknown
  /** completion time + TTL */
  expiresAt: number
}

/** A store answers with a promise, or at once when it needs no I/O (MemoryStore). */
export type MaybePromise<T> = T | Promise<T>

/**
 * Every method may answer synchronously: the middleware then settles without a promise round
 * trip (Middy awaits a hook only when it returns a promise), which is most of an in-process
 * store's cost. Callers that `await` either form are unaffected.
 */
export interface IdempotencyStore {
  /** Takes the lock when the key is free (absent or expired); otherwise returns the live record. */
  acquire(request: AcquireRequest): MaybePromise<AcquireOutcome>
  /** Stores the result. False when the caller no longer owns the lock (it expired and was taken over). */
  complete(request: CompleteRequest): MaybePromise<boolean>
  /** Deletes the lock so a retry may run. False when the caller does not own it. */
  release(key: string, owner: string): MaybePromise<boolean>
  /** The live record (expired ones count as absent). */
  get(key: string, now: number): MaybePromise<IdempotencyRecord | undefined>
}

/**
 * JSON keeps replays identical across stores: the caller gets a fresh copy, never the object the
 * handler returned. `JSON.stringify(undefined)` is `undefined`, which is how "returned undefined" is kept.
 */
export const encodeResult = (result: unknown): string | undefined => {
  try {
    return JSON.stringify(result)
  } catch (cause) {
    throw new IdempotencyResultError(
      `The handler's result cannot be stored as JSON (${(cause as Error).message}). Return plain data: no BigInt, no cycles.`,
      { cause },
    )
  }
}

export const decodeResult = (json: string | undefined): unknown =>
  json === undefined ? undefined : JSON.parse(json)

/**
 * DynamoDB's item limit is 400 KB including attribute names and the other attributes; 2 KB are kept
 * for them. Every store refuses a larger result, so what replays locally (MemoryStore) also replays
 * on DynamoDB.
 */
export const MAX_RESULT_BYTES = 400 * 1024 - 2048

/**
 * An IdempotencyResultTooLargeError for JSON above MAX_RESULT_BYTES of UTF-8. Bytes are counted
 * only when they could be too many: a UTF-16 code unit is at most 3 bytes.
 */
export const checkResultSize = (key: string, json: string | undefined): void => {
  if (json === undefined || json.length * 3 <= MAX_RESULT_BYTES) return
  const bytes = Buffer.byteLength(json)
  if (bytes > MAX_RESULT_BYTES)
    throw new IdempotencyResultTooLargeError(key, bytes, MAX_RESULT_BYTES)
}
