import type {
  CloudWatchLogsLogEvent,
  Context,
  S3EventRecord,
  SNSEventRecord,
  SQSBatchResponse,
  SQSRecord,
} from 'aws-lambda'
import { acquireOrReplay, storeCall } from './core.ts'
import {
  IdempotencyInProgressError,
  IdempotencyKeyError,
  IdempotencyPayloadMismatchError,
} from './errors.ts'
import { fingerprintOf, namespacedKey } from './fingerprint.ts'
import { logEventKey } from './keys/cloudwatch-logs.ts'
import { isObject } from './keys/object.ts'
import { s3RecordKey } from './keys/s3.ts'
import { snsRecordKey } from './keys/sns.ts'
import { sqsRecordKey } from './keys/sqs.ts'
import type { IdempotencyStore } from './stores/store.ts'

export interface ProcessRecordsOptions<TRecord> {
  /** Shared across invocations (module scope), else nothing is remembered between deliveries. */
  store: IdempotencyStore
  /** The invocation's context: its deadline bounds every record lock, its function name the namespace. */
  context: Context
  /** Default: the record's own id (SQS messageId, SNS MessageId, S3 change, log event id). */
  key?: (record: TRecord) => string
  fingerprint?: (record: TRecord) => unknown
  name?: string
  namespace?: string
  ttlSeconds?: number
  lockTimeoutMs?: number
  now?: () => number
}

export type RecordOutcome<T> =
  | { status: 'processed'; result: T }
  | { status: 'replayed'; result: T }
  | { status: 'failed'; error: unknown }

export type BatchRecord = SQSRecord | SNSEventRecord | S3EventRecord | CloudWatchLogsLogEvent

/** The record's own delivery id, whichever batch it came from. */
export const recordKey = (record: unknown): string => {
  if (isObject(record)) {
    if (record.eventSource === 'aws:sqs') return sqsRecordKey(record as unknown as SQSRecord)
    if (record.EventSource === 'aws:sns') return snsRecordKey(record as unknown as SNSEventRecord)
    if (record.eventSource === 'aws:s3') return s3RecordKey(record as unknown as S3EventRecord)
    if (typeof record.id === 'string' && record.id !== '' && typeof record.message === 'string') {
      return logEventKey(record as unknown as CloudWatchLogsLogEvent)
    }
  }
  throw new IdempotencyKeyError(
    'Cannot tell this record apart from others: pass `key: (record) => ...` to processRecordsOnce.',
  )
}

/**
 * Runs `fn` once per record key, in order, even when the batch is delivered again after a partial
 * failure: done records replay their stored result, failed ones release their lock and run again on
 * the next delivery. Never throws for one record; read the outcomes (see `toSqsBatchResponse`).
 */
export const processRecordsOnce = async <TRecord, T>(
  records: readonly TRecord[],
  fn: (record: TRecord, index: number) => Promise<T> | T,
  options: ProcessRecordsOptions<TRecord>,
): Promise<RecordOutcome<T>[]> => {
  const { store, context } = options
  const now = options.now ?? Date.now
  const ttlMs = (options.ttlSeconds ?? 3600) * 1000
  const base = options.namespace ?? context.functionName ?? 'local'
  const namespace = options.name === undefined ? base : `${base}#${options.name}`
  const deadline =
    now() + (context.getRemainingTimeInMillis?.() ?? options.lockTimeoutMs ?? 900_000)
  const keyOf = options.key ?? recordKey

  const outcomes: RecordOutcome<T>[] = []
  for (const [index, record] of records.entries()) {
    try {
      const key = namespacedKey(namespace, keyOf(record))
      const fingerprint = options.fingerprint
        ? fingerprintOf(options.fingerprint(record))
        : undefined
      const decision = await acquireOrReplay({
        store,
        key,
        fingerprint,
        deadline,
        now,
        wait: undefined,
      })
      if (decision.kind === 'replay')
        outcomes.push({ status: 'replayed', result: decision.result as T })
      else if (decision.kind === 'mismatch') {
        outcomes.push({ status: 'failed', error: new IdempotencyPayloadMismatchError(key) })
      } else if (decision.kind === 'in_progress') {
        outcomes.push({
          status: 'failed',
          error: new IdempotencyInProgressError(key, decision.retryAfterMs),
        })
      } else {
        const { owner } = decision.lock
        let result: T
        try {
          result = await fn(record, index)
        } catch (error) {
          await store.release(key, owner).catch(() => false)
          outcomes.push({ status: 'failed', error })
          continue
        }
        await storeCall('complete', key, () =>
          store.complete({ key, owner, result, expiresAt: now() + ttlMs }),
        )
        outcomes.push({ status: 'processed', result })
      }
    } catch (error) {
      outcomes.push({ status: 'failed', error })
    }
  }
  return outcomes
}

/** SQS partial-batch response: only failed messages come back (needs ReportBatchItemFailures). */
export const toSqsBatchResponse = (
  records: readonly SQSRecord[],
  outcomes: readonly RecordOutcome<unknown>[],
): SQSBatchResponse => ({
  batchItemFailures: records
    .filter((_, index) => outcomes[index]?.status === 'failed')
    .map((record) => ({ itemIdentifier: record.messageId })),
})
