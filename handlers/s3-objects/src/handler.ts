import type { S3Client } from '@aws-sdk/client-s3'
import type { SQSClient } from '@aws-sdk/client-sqs'
import middy from '@middy/core'
import { type IdempotencyStore, processRecordsOnce, type RecordOutcome } from '@repo/idempotency'
import {
  assertS3Event,
  createLogger,
  isS3TestEvent,
  type Logger,
  runInWindows,
  type S3NotificationEvent,
} from '@repo/runtime'
import type { Context, S3EventRecord } from 'aws-lambda'
import type { Config } from './config.ts'
import { BatchIncompleteError, type RecordFailure } from './errors.ts'
import { DEADLINE_MARGIN_MS, MAX_RECORDS_IN_FLIGHT } from './limits.ts'
import { processRecord, type RecordResult } from './process-record.ts'
import { objectChangeOf } from './s3-record.ts'
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

  /**
   * One window of records. Records of one object run one after another in event order (the
   * sequencer marks and the summary writes stay ordered); different objects run at once.
   */
  const runWindow = async (
    records: readonly S3EventRecord[],
    context: Context,
    namespace: string,
  ): Promise<RecordOutcome<RecordResult>[]> => {
    // A Map, not an object: object keys are the uploader's, `__proto__` included.
    const byObject = new Map<string, number[]>()
    records.forEach((record, index) => {
      // Unambiguous: bucket names have no "/".
      const object = `${record.s3.bucket.name}/${record.s3.object.key}`
      const group = byObject.get(object)
      if (group === undefined) byObject.set(object, [index])
      else group.push(index)
    })
    const outcomes: RecordOutcome<RecordResult>[] = []
    await Promise.all(
      [...byObject.values()].map(async (indexes) => {
        const results = await processRecordsOnce(
          indexes.map((index) => records[index] as S3EventRecord),
          (record: S3EventRecord) => processRecord(recordDeps, record, namespace),
          { store: deps.store, context, now, namespace },
        )
        results.forEach((outcome, position) => {
          outcomes[indexes[position] as number] = outcome
        })
      }),
    )
    return outcomes
  }

  const handle = async (event: S3NotificationEvent, context: Context): Promise<HandlerResult> => {
    if (isS3TestEvent(event)) {
      logger.info('s3_test_event_ignored', { bucket: event.Bucket })
      return { testEvent: true }
    }
    const namespace = context.functionName || 's3-objects'
    // Windows of MAX_RECORDS_IN_FLIGHT, one after another: a batch of thousands never opens
    // thousands of streams at once, and what is done stays done when time runs out.
    const outcomes = await runInWindows(
      event.Records,
      { size: MAX_RECORDS_IN_FLIGHT, marginMs: DEADLINE_MARGIN_MS, context },
      (window) => runWindow(window, context, namespace),
    )

    const reports: RecordReport[] = []
    const failures: RecordFailure[] = []
    for (const [index, outcome] of outcomes.entries()) {
      const { bucket, key, eventName } = objectChangeOf(event.Records[index] as S3EventRecord)
      if (outcome.status === 'failed') {
        const { error, message } = describeError(outcome.error)
        failures.push({ key, eventName, errorType: error, message })
        logger.error('record_failed', { bucket, key, eventName, error, detail: message })
        continue
      }
      const { result } = outcome
      if (result.action === 'rejected') {
        failures.push({ key, eventName, errorType: result.error, message: result.message })
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
    // Every started record finished first; throwing now makes Lambda retry (done records replay)
    // and, after the last retry, hand the original event to the on-failure destination.
    const notStarted = event.Records.length - outcomes.length
    if (failures.length > 0 || notStarted > 0) {
      throw new BatchIncompleteError({
        total: event.Records.length,
        done: outcomes.length - failures.length,
        failures,
        notStarted,
      })
    }
    return { records: reports }
  }

  return (
    middy(handle)
      // Nothing reads the event before its shape is checked: a typed refusal, not a TypeError.
      .use({ before: ({ event }) => assertS3Event(event) })
  )
}
