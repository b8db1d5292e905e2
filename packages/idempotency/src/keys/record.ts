import type { CloudWatchLogsLogEvent, S3EventRecord, SNSEventRecord, SQSRecord } from 'aws-lambda'
import { IdempotencyKeyError } from '../errors.ts'
import { logEventKey } from './cloudwatch-logs.ts'
import { isObject } from './object.ts'
import { s3RecordKey } from './s3.ts'
import { snsRecordKey } from './sns.ts'
import { sqsRecordKey } from './sqs.ts'

export type BatchRecord = SQSRecord | SNSEventRecord | S3EventRecord | CloudWatchLogsLogEvent

/** The record's own delivery id, whichever batch it came from (processRecordsOnce's default key). */
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
    'Cannot tell this record apart from others: it has no SQS messageId, SNS MessageId, S3 change ' +
      'or log event id. Pass `key: (record) => ...` to processRecordsOnce.',
  )
}
