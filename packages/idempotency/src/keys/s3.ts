import { decodeS3Key } from '@repo/runtime'
import type { S3Event, S3EventRecord } from 'aws-lambda'
import { firstRecord, type Obj } from './object.ts'

export const isS3Event = (event: Obj): event is Obj & S3Event =>
  firstRecord(event)?.eventSource === 'aws:s3'

/**
 * One S3 change: bucket + object key (decoded by @repo/runtime: a key S3 could not have written
 * is refused with MalformedS3KeyError) + version (or, unversioned, the sequencer that orders writes
 * to one key) + event name. Two writes of the same key are two keys; a redelivery is the same one.
 */
export const s3RecordKey = (record: S3EventRecord): string => {
  const { bucket, object } = record.s3
  const version = object.versionId ?? object.sequencer ?? ''
  return `s3:${bucket.name}/${decodeS3Key(object.key)}@${version}#${record.eventName}`
}

export const s3Key = (event: S3Event): string => event.Records.map(s3RecordKey).join('|')
