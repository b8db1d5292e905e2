import type { S3Client } from '@aws-sdk/client-s3'
import type { SQSClient } from '@aws-sdk/client-sqs'
import middy from '@middy/core'
import { type IdempotencyStore, processRecordsOnce, type RecordOutcome } from '@repo/idempotency'
import { createLogger, type Logger } from '@repo/runtime'
import type { Context, S3EventRecord } from 'aws-lambda'
import type { Config } from './config.ts'
import { type RecordFailure, RecordsFailedError } from './errors.ts'
import { processRecord, type RecordResult } from './process-record.ts'
import { isTestEvent, objectChangeOf, type S3NotificationEvent } from './s3-record.ts'
import type { SequencerMarks } from './sequencer-marks.ts'

export interface HandlerDependencies {
  config: Config
  s3: S3Client
  sqs: SQSClient
  /** Per-record idempotency (module scope: it must outlive one invocation). */
  store: IdempotencyStore
  /** Per-key newest sequencer, on the same table as `store`. */
  marks: SequencerMarks
  now?: () => number
  /** Default: the shared JSON logger at `AWS_LAMBDA_LOG_LEVEL`. */
  logger?: Logger
}

export interface RecordReport {
  bucket: string
  key: string
  eventName: string
  /** `replayed`: an earlier delivery already did it. */
  status: 'processed' | 'replayed'
  result: RecordResult
}

export type HandlerResult = { testEvent: true } | { records: RecordReport[] }

const describeError = (error: unknown): { error: string; message: string } =>
  error instanceof Error
    ? { error: error.name, message: error.message }
    : { error: 'Error', message: String(error) }

export const createHandler = (deps: HandlerDependencies) => {
  const now = deps.now ?? Date.now
  const logger = deps.logger ?? createLogger()
  const recordDeps = { ...deps, now }

  const handle = async (event: S3NotificationEvent, context: Context): Promise<HandlerResult> => {
    if (isTestEvent(event)) {
      logger.info('s3_test_event_ignored', { bucket: event.Bucket })
      return { testEvent: true }
    }
    const namespace = context.functionName || 's3-objects'
    const outcomes: RecordOutcome<RecordResult>[] = await processRecordsOnce(
      event.Records,
      (record: S3EventRecord) => processRecord(recordDeps, record, namespace),
      { store: deps.store, context, now, namespace },
    )

    const reports: RecordReport[] = []
    const failures: RecordFailure[] = []
    for (const [index, outcome] of outcomes.entries()) {
      const { bucket, key, eventName } = objectChangeOf(event.Records[index] as S3EventRecord)
      if (outcome.status === 'failed') {
        const { error, message } = describeError(outcome.error)
        failures.push({ key, eventName, error, message })
        logger.error('record_failed', { bucket, key, eventName, error, detail: message })
        continue
      }
      const { result } = outcome
      if (result.action === 'rejected') {
        failures.push({ key, eventName, error: result.error, message: result.message })
        logger.error('record_rejected', {
          bucket,
          key,
          eventName,
          error: result.error,
          detail: result.message,
        })
      } else {
        logger.info('record_done', { bucket, key, eventName, status: outcome.status, ...result })
      }
      reports.push({ bucket, key, eventName, status: outcome.status, result })
    }
    // Every record ran first; throwing now makes Lambda retry (done records replay) and, after the
    // last retry, hand the original event to the on-failure destination.
    if (failures.length > 0) throw new RecordsFailedError(failures, outcomes.length)
    return { records: reports }
  }

  return middy(handle)
}
