export type { InFlightWait } from './core.ts'
export {
  IdempotencyError,
  IdempotencyInProgressError,
  IdempotencyKeyError,
  IdempotencyPayloadMismatchError,
  IdempotencyResultError,
  IdempotencyResultTooLargeError,
  IdempotencyStoreError,
} from './errors.ts'
export { albKey } from './keys/alb.ts'
export { decodeLogsData, logEventKey } from './keys/cloudwatch-logs.ts'
export { deriveKey, detectTrigger, type Trigger } from './keys/index.ts'
export { decodeS3Key, s3RecordKey } from './keys/s3.ts'
export { snsRecordKey } from './keys/sns.ts'
export { sqsRecordKey } from './keys/sqs.ts'
export type { IdempotencyLogEntry, IdempotencyLogger } from './log.ts'
export { type IdempotencyOptions, idempotency } from './middleware.ts'
export {
  type BatchRecord,
  type ProcessRecordsOptions,
  processRecordsOnce,
  type RecordOutcome,
  recordKey,
  toSqsBatchResponse,
} from './records.ts'
export { DynamoDBStore, type DynamoDBStoreOptions, MAX_RESULT_BYTES } from './stores/dynamodb.ts'
export {
  IDEMPOTENCY_TABLE_ENV,
  IdempotencyConfigError,
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
  RecordStatus,
} from './stores/store.ts'
