/**
 * `@repo/idempotency/keys`: the key each trigger gets by default, for custom keys built on them
 * (`key: (event, context) => ...`) and for tests. The middleware needs none of these imports.
 */
export { type AlbKey, albKey, IDEMPOTENCY_KEY_HEADER, MAX_KEY_LENGTH } from './alb.ts'
export { logEventKey } from './cloudwatch-logs.ts'
export { deriveKey, detectTrigger, TRIGGERS, type Trigger } from './detect.ts'
export { type BatchRecord, recordKey } from './record.ts'
export { s3RecordKey } from './s3.ts'
export { snsRecordKey } from './sns.ts'
export { sqsRecordKey } from './sqs.ts'
