import {
  IdempotencyConfigError,
  IdempotencyError,
  IdempotencyInProgressError,
  IdempotencyKeyError,
  IdempotencyPayloadMismatchError,
  IdempotencyResultError,
  IdempotencyResultTooLargeError,
  IdempotencyStoreError,
  IdempotencyTriggerError,
} from '@repo/idempotency'
import { describe, expect, it } from 'vitest'

// Names survive minification (they are string fields), so `error.name` is what logs and catch
// blocks can rely on; messages say what happened and what to do.
describe('errors', () => {
  it.each([
    [new IdempotencyError('x'), 'IdempotencyError'],
    [new IdempotencyInProgressError('k', 5), 'IdempotencyInProgressError'],
    [new IdempotencyPayloadMismatchError('k'), 'IdempotencyPayloadMismatchError'],
    [new IdempotencyKeyError('x'), 'IdempotencyKeyError'],
    [new IdempotencyTriggerError([], []), 'IdempotencyTriggerError'],
    [new IdempotencyConfigError('x'), 'IdempotencyConfigError'],
    [new IdempotencyStoreError('x'), 'IdempotencyStoreError'],
    [new IdempotencyResultError('x'), 'IdempotencyResultError'],
    [new IdempotencyResultTooLargeError('k', 2, 1), 'IdempotencyResultTooLargeError'],
  ])('%s is named %s and is an IdempotencyError', (error, name) => {
    expect(error.name).toBe(name)
    expect(error).toBeInstanceOf(IdempotencyError)
  })

  it('say what happened and what to do', () => {
    expect(new IdempotencyInProgressError('k', 5).message).toBe(
      'Another invocation holds idempotency key "k" (lock expires in 5 ms). Retry later to get its stored result, or set `inFlight: { waitMs }` to wait for it.',
    )
    expect(new IdempotencyPayloadMismatchError('k').message).toBe(
      'Idempotency key "k" was first used with another payload. Use a new key for a new request, or make `fingerprint` select only the fields that define it.',
    )
    expect(new IdempotencyResultTooLargeError('k', 2, 1).message).toBe(
      'The result for idempotency key "k" is 2 bytes of JSON; the store accepts at most 1. Return a smaller result (for example the S3 key of the payload) so it can be replayed.',
    )
    expect(new IdempotencyConfigError('x').options).toEqual([])
  })
})
