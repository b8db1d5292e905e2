import type { SNSEvent, SNSEventRecord } from 'aws-lambda'
import { firstRecord, type Obj } from './object.ts'

export const isSnsEvent = (event: Obj): event is Obj & SNSEvent =>
  firstRecord(event)?.EventSource === 'aws:sns'

/** SNS redelivers with the same MessageId. */
export const snsRecordKey = (record: SNSEventRecord): string => `sns:${record.Sns.MessageId}`

// Lambda receives one SNS record per invocation; join anyway so a batch never loses an id.
export const snsKey = (event: SNSEvent): string => event.Records.map(snsRecordKey).join('|')
