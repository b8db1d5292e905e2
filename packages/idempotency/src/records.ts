import type { SQSBatchResponse, SQSRecord } from 'aws-lambda'
import {
  acquisition,
  completionFailure,
  decide,
  releaseAfterFailure,
  toStoreError,
} from './core.ts'
import { IdempotencyInProgressError, IdempotencyPayloadMismatchError } from './errors.ts'
import { fingerprintOf, namespacedKey } from './fingerprint.ts'
import { recordKey } from './keys/record.ts'
import { namespaceFor, type ProcessRecordsOptions, resolveRecordOptions } from './options.ts'
import type { AcquireOutcome } from './stores/store.ts'

export type RecordOutcome<T> =
  | { status: 'processed'; result: T }
  | { status: 'replayed'; result: T }
  | { status: 'failed'; error: unknown }

const TRIGGER = 'record'

/**
 * Runs `fn` once per record key, in order, even when the batch is delivered again after a partial
 * failure: done records replay their stored result, failed ones release their lock and run again on
 * the next delivery. Never throws for one record; read the outcomes (see `toSqsBatchResponse`).
 * Bad options are an IdempotencyConfigError, thrown before any record runs.
 */
export const processRecordsOnce = async <TRecord, T>(
  records: readonly TRecord[],
  fn: (record: TRecord, index: number) => Promise<T> | T,
  options: ProcessRecordsOptions<TRecord>,
): Promise<RecordOutcome<T>[]> => {
  const resolved = resolveRecordOptions(options)
  const { store, now, notes } = resolved
  const { context } = options
  const namespace = namespaceFor(resolved, context)
  const deadline = now() + (context.getRemainingTimeInMillis?.() ?? resolved.lockTimeoutMs)
  const keyOf = options.key ?? recordKey

  const once = async (record: TRecord, index: number): Promise<RecordOutcome<T>> => {
    const key = namespacedKey(namespace, keyOf(record))
    const fingerprint = options.fingerprint ? fingerprintOf(options.fingerprint(record)) : undefined
    const attempt = acquisition(key, fingerprint, now(), deadline)
    let outcome: AcquireOutcome
    try {
      outcome = await store.acquire(attempt)
    } catch (error) {
      throw toStoreError('acquire', key, error)
    }
    const decision = decide(outcome, attempt, TRIGGER, false)
    switch (decision.kind) {
      case 'replay':
        notes.debug('replay', key, TRIGGER)
        return { status: 'replayed', result: decision.result as T }
      case 'mismatch':
        notes.warn('payload_mismatch', key, TRIGGER)
        return { status: 'failed', error: new IdempotencyPayloadMismatchError(key) }
      case 'in_progress':
        notes.debug('in_progress', key, TRIGGER, { retryAfterMs: decision.retryAfterMs })
        return {
          status: 'failed',
          error: new IdempotencyInProgressError(key, decision.retryAfterMs),
        }
      case 'run': {
        let result: T
        try {
          result = await fn(record, index)
        } catch (error) {
          await releaseAfterFailure(store, decision, notes.warn)
          return { status: 'failed', error }
        }
        let stored: boolean
        try {
          stored = await store.complete({
            key,
            owner: decision.owner,
            result,
            expiresAt: now() + resolved.ttlMs,
          })
        } catch (error) {
          throw await completionFailure(store, decision, error, notes.warn)
        }
        if (!stored) notes.warn('lock_lost', key, TRIGGER)
        return { status: 'processed', result }
      }
    }
  }

  const outcomes: RecordOutcome<T>[] = []
  for (const [index, record] of records.entries()) {
    try {
      outcomes.push(await once(record, index))
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
