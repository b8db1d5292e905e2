/** Base class: `catch (e) { if (e instanceof IdempotencyError) ... }` catches every error of this package. */
export class IdempotencyError extends Error {
  override name = 'IdempotencyError'
}

/**
 * Another invocation holds the lock for this key and has not finished. Thrown (not swallowed) so an
 * async invocation fails and Lambda retries it later, when the owner's result can be replayed.
 */
export class IdempotencyInProgressError extends IdempotencyError {
  override name = 'IdempotencyInProgressError'
  readonly key: string
  /** Milliseconds until the owner's lock expires; a retry after that either replays or takes over. */
  readonly retryAfterMs: number
  constructor(key: string, retryAfterMs: number) {
    super(
      `Another invocation holds idempotency key "${key}" (lock expires in ${retryAfterMs} ms). ` +
        'Retry later to get its stored result, or set `inFlight: { waitMs }` to wait for it.',
    )
    this.key = key
    this.retryAfterMs = retryAfterMs
  }
}

/** The same key arrived with a different payload fingerprint: a client bug or a key collision. */
export class IdempotencyPayloadMismatchError extends IdempotencyError {
  override name = 'IdempotencyPayloadMismatchError'
  readonly key: string
  constructor(key: string) {
    super(
      `Idempotency key "${key}" was first used with another payload. Use a new key for a new ` +
        'request, or make `fingerprint` select only the fields that define it.',
    )
    this.key = key
  }
}

/** No usable key: the `key` option returned nothing, or the event lacks the declared trigger's id. */
export class IdempotencyKeyError extends IdempotencyError {
  override name = 'IdempotencyKeyError'
}

/**
 * No `trigger` or `key` option, and the event's shape matches no known trigger. `lookedFor` lists
 * the fields that were checked, `fields` the event's own top-level field names (never values).
 */
export class IdempotencyTriggerError extends IdempotencyKeyError {
  override name = 'IdempotencyTriggerError'
  readonly lookedFor: readonly string[]
  readonly fields: readonly string[]
  constructor(lookedFor: readonly string[], fields: readonly string[]) {
    super(
      `No trigger matches this event, so it has no key. Looked for: ${lookedFor.join('; ')}. ` +
        `The event has ${fields.length === 0 ? 'no fields' : `the fields ${fields.join(', ')}`}. ` +
        "Pass `trigger` ('invocation' keys on the request id) or `key`.",
    )
    this.lookedFor = lookedFor
    this.fields = fields
  }
}

/**
 * An option of `idempotency()` or `processRecordsOnce()` is wrong (thrown where they are called, so
 * at cold start), or `storeFromEnvironment()` found no table. `options` names the bad options.
 */
export class IdempotencyConfigError extends IdempotencyError {
  override name = 'IdempotencyConfigError'
  readonly options: readonly string[]
  constructor(message: string, options: readonly string[] = []) {
    super(message)
    this.options = options
  }
}

/**
 * The store could not be read or written. Before the handler: it did not run (it could otherwise
 * run twice). After it: it ran, but its result was not stored (the message says which).
 */
export class IdempotencyStoreError extends IdempotencyError {
  override name = 'IdempotencyStoreError'
}

/** The handler's result cannot be stored (too large for a DynamoDB item, or not JSON-serialisable). */
export class IdempotencyResultError extends IdempotencyError {
  override name = 'IdempotencyResultError'
}

/**
 * Above MAX_RESULT_BYTES (DynamoDB's 400 KB item limit, which every store applies). Return a
 * reference (an S3 key) instead of the payload.
 */
export class IdempotencyResultTooLargeError extends IdempotencyResultError {
  override name = 'IdempotencyResultTooLargeError'
  readonly bytes: number
  constructor(key: string, bytes: number, limit: number) {
    super(
      `The result for idempotency key "${key}" is ${bytes} bytes of JSON; the store accepts at most ${limit}. ` +
        'Return a smaller result (for example the S3 key of the payload) so it can be replayed.',
    )
    this.bytes = bytes
  }
}
