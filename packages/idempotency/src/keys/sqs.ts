import type { SQSEvent, SQSRecord } from 'aws-lambda'
import { firstRecord, type Obj } from './object.ts'

export const isSqsEvent = (event: Obj): event is Obj & SQSEvent =>
  firstRecord(event)?.eventSource === 'aws:sqs'

/** A redelivered SQS message keeps its messageId (the receipt handle changes). */
export const sqsRecordKey = (record: SQSRecord): string => `sqs:${record.messageId}`

/** Whole-batch key; prefer the per-record form for SQS, since a redelivered batch may differ. */
export const sqsKey = (event: SQSEvent): string => event.Records.map(sqsRecordKey).join('|')
