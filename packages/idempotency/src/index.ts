export {
  IdempotencyConfigError,
  IdempotencyError,
  IdempotencyInProgressError,
  IdempotencyKeyError,
  IdempotencyPayloadMismatchError,
  IdempotencyResultError,
  IdempotencyResultTooLargeError,
  IdempotencyStoreError,
  IdempotencyTriggerError,
} from './errors.ts'
export type { Trigger } from './keys/detect.ts'
export type { BatchRecord } from './keys/record.ts'
export type { IdempotencyLogEvent, IdempotencyLogger } from './log.ts'
export { idempotency } from './middleware.ts'
export type { IdempotencyOptions, InFlightWait, ProcessRecordsOptions } from './options.ts'
export { processRecordsOnce, type RecordOutcome, toSqsBatchResponse } from './records.ts'
export { DynamoDBStore, type DynamoDBStoreOptions } from './stores/dynamodb.ts'
export {
  type StoreFromEnvironmentOptions,
  storeFromEnvironment,
} from './stores/from-environment.ts'
export { MemoryStore, type MemoryStoreOptions } from './stores/memory.ts'
export type {
  AcquireOutcome,
  AcquireRequest,
  CompleteRequest,
  IdempotencyRecord,
  IdempotencyStore,
  MaybePromise,
  RecordStatus,
} from './stores/store.ts'
export { MAX_RESULT_BYTES } from './stores/store.ts'
