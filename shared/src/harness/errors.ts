/** The harness's own failures: each says what to change in the test or the options. */

export class InvalidAsyncPolicyError extends Error {
  override name = 'InvalidAsyncPolicyError'
}

export class InvalidContextOptionsError extends Error {
  override name = 'InvalidContextOptionsError'
}

export class DeprecatedContextMethodError extends Error {
  override name = 'DeprecatedContextMethodError'
}

export class LocalAwsError extends Error {
  override name = 'LocalAwsError'
}

export class UnknownLocalResourceError extends Error {
  override name = 'UnknownLocalResourceError'
}

export class DestinationRecordParseError extends Error {
  override name = 'DestinationRecordParseError'
}
