import type { S3Client } from '@aws-sdk/client-s3'
import type { SQSClient } from '@aws-sdk/client-sqs'
import { s3RecordKey } from '@repo/idempotency/keys'
import type { S3EventRecord } from 'aws-lambda'
import { alertReplication } from './alert-replication.ts'
import type { Config } from './config.ts'
import { PermanentRecordError } from './errors.ts'
import { removeSummary } from './remove-summary.ts'
import { kindOf, objectChangeOf } from './s3-record.ts'
import type { SequencerMarks } from './sequencer-marks.ts'
import { type SummarizeOutcome, summarizeObject } from './summarize-object.ts'
import { summaryKeyFor } from './summary-key.ts'

/** What one record did; stored by the idempotency layer and replayed on redelivery. */
export type RecordResult =
  | SummarizeOutcome
  | { action: 'summary-removed'; summaryKey: string }
  | { action: 'alerted'; eventName: string }
  | { action: 'skipped'; reason: 'stale' | 'summary-object' | 'not-handled' }
  /** Permanent: retrying cannot help (invalid CSV). The invocation still fails, see handler.ts. */
  | { action: 'rejected'; error: string; message: string }

export interface RecordDeps {
  config: Config
  s3: S3Client
  sqs: SQSClient
  marks: SequencerMarks
  now: () => number
}

export const processRecord = async (
  deps: RecordDeps,
  record: S3EventRecord,
  namespace: string,
): Promise<RecordResult> => {
  const change = objectChangeOf(record)
  const kind = kindOf(change.eventName)
  const recordId = s3RecordKey(record)
  if (kind === 'other') return { action: 'skipped', reason: 'not-handled' }
  if (kind === 'replication-problem')
    return alertReplication(deps.sqs, deps.config.resultsQueueUrl, record, change, recordId)
  // Belt and braces against the loop: never summarise a summary, whatever the trigger says.
  if (change.key.startsWith(deps.config.summaryPrefix))
    return { action: 'skipped', reason: 'summary-object' }

  try {
    const summaryKey = summaryKeyFor(deps.config.summaryPrefix, change.key)
    // Without a sequencer events cannot be ordered; S3 sends one on every object event.
    if (change.sequencer !== undefined) {
      const { bucket, key, sequencer } = change
      const newest = await deps.marks.advance({ namespace, bucket, key, sequencer }, deps.now())
      if (!newest) return { action: 'skipped', reason: 'stale' }
    }
    if (kind === 'object-removed') return await removeSummary(deps.s3, change.bucket, summaryKey)
    return await summarizeObject(deps, change, { recordId, summaryKey })
  } catch (error) {
    if (error instanceof PermanentRecordError)
      return { action: 'rejected', error: error.name, message: error.message }
    throw error
  }
}
