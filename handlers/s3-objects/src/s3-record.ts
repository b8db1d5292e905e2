import { decodeS3Key } from '@repo/runtime'
import type { S3EventRecord } from 'aws-lambda'

/** What this handler reads from a record, with the key decoded and the optional fields honest. */
export interface ObjectChange {
  eventName: string
  eventTime: string
  bucket: string
  /** Decoded: notification keys are form-URL-encoded (`+` is a space, `%2B` a plus). */
  key: string
  versionId: string | undefined
  /** S3 omits it on deletes, although @types/aws-lambda says otherwise. */
  eTag: string | undefined
  sequencer: string | undefined
}

export const objectChangeOf = (record: S3EventRecord): ObjectChange => {
  const { bucket, object } = record.s3
  return {
    eventName: record.eventName,
    eventTime: record.eventTime,
    bucket: bucket.name,
    key: decodeS3Key(object.key),
    versionId: object.versionId || undefined,
    eTag: object.eTag || undefined,
    sequencer: object.sequencer || undefined,
  }
}

export type ChangeKind = 'object-written' | 'object-removed' | 'replication-problem' | 'other'

/** Replication events worth an alert; `OperationReplicatedAfterThreshold` and `NotTracked` are not. */
const REPLICATION_PROBLEMS = new Set([
  'Replication:OperationFailedReplication',
  'Replication:OperationMissedThreshold',
])

export const kindOf = (eventName: string): ChangeKind => {
  if (eventName.startsWith('ObjectCreated:') || eventName === 'ObjectRestore:Completed')
    return 'object-written'
  if (eventName.startsWith('ObjectRemoved:')) return 'object-removed'
  if (REPLICATION_PROBLEMS.has(eventName)) return 'replication-problem'
  return 'other'
}
