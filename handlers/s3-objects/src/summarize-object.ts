import { Readable } from 'node:stream'
import {
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { Config } from './config.ts'
import type { ObjectChange } from './s3-record.ts'
import { summarizeCsv } from './summarize-csv.ts'

export interface ObjectSummary {
  type: 'csv.summary'
  /** The change's idempotency key: consumers dedupe on it (SQS is at least once). */
  id: string
  bucket: string
  key: string
  versionId: string | undefined
  eTag: string | undefined
  sequencer: string | undefined
  eventName: string
  eventTime: string
  summaryKey: string
  rows: number
  columns: string[]
  bytes: number
  sha256: string
  processedAt: string
}

export type SummarizeOutcome =
  | { action: 'summarized'; summaryKey: string; rows: number; bytes: number; sha256: string }
  /** The object (or, unversioned, this content of it) is gone: a later event covers what replaced it. */
  | { action: 'skipped'; reason: 'object-gone' | 'object-replaced' }

export interface SummarizeDeps {
  config: Config
  s3: S3Client
  sqs: SQSClient
  now: () => number
}

const GONE = new Set(['NoSuchKey', 'NoSuchVersion'])

// The event's eTag is bare; HTTP If-Match wants the quoted entity tag.
const quoted = (eTag: string) => (eTag.startsWith('"') ? eTag : `"${eTag}"`)

/**
 * Reads exactly the content that raised the event: by VersionId on a versioned bucket, otherwise
 * with If-Match on the event's eTag (a newer upload of the same key fails the read instead of
 * being summarised under this event's name).
 */
const openObject = async (
  s3: S3Client,
  change: ObjectChange,
): Promise<Readable | 'gone' | 'replaced'> => {
  try {
    const output = await s3.send(
      new GetObjectCommand({
        Bucket: change.bucket,
        Key: change.key,
        VersionId: change.versionId,
        IfMatch: change.versionId === undefined && change.eTag ? quoted(change.eTag) : undefined,
      }),
    )
    if (output.Body instanceof Readable) return output.Body
    throw new TypeError('GetObject returned no Node.js stream body')
  } catch (error) {
    if (error instanceof S3ServiceException) {
      if (GONE.has(error.name)) return 'gone'
      if (error.$metadata.httpStatusCode === 412) return 'replaced'
    }
    throw error
  }
}

export const summarizeObject = async (
  deps: SummarizeDeps,
  change: ObjectChange,
  ids: { recordId: string; summaryKey: string },
): Promise<SummarizeOutcome> => {
  const body = await openObject(deps.s3, change)
  if (body === 'gone') return { action: 'skipped', reason: 'object-gone' }
  if (body === 'replaced') return { action: 'skipped', reason: 'object-replaced' }

  const csv = await summarizeCsv(body, {
    maxRecordBytes: deps.config.maxRecordBytes,
    source: `s3://${change.bucket}/${change.key}`,
  })
  const summary: ObjectSummary = {
    type: 'csv.summary',
    id: ids.recordId,
    bucket: change.bucket,
    key: change.key,
    versionId: change.versionId,
    eTag: change.eTag,
    sequencer: change.sequencer,
    eventName: change.eventName,
    eventTime: change.eventTime,
    summaryKey: ids.summaryKey,
    ...csv,
    processedAt: new Date(deps.now()).toISOString(),
  }
  const json = JSON.stringify(summary)
  // Summary first, message second: a consumer told about a summary can always read it.
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: change.bucket,
      Key: ids.summaryKey,
      Body: json,
      ContentType: 'application/json',
    }),
  )
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.config.resultsQueueUrl,
      MessageBody: json,
      MessageAttributes: { type: { DataType: 'String', StringValue: summary.type } },
    }),
  )
  return {
    action: 'summarized',
    summaryKey: ids.summaryKey,
    rows: csv.rows,
    bytes: csv.bytes,
    sha256: csv.sha256,
  }
}
