import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { S3EventRecord } from 'aws-lambda'
import type { ObjectChange } from './s3-record.ts'

/** The block S3 adds to Replication:* records (absent from @types/aws-lambda). */
interface ReplicationEventData {
  replicationRuleId?: string
  destinationBucket?: string
  s3Operation?: string
  failureReason?: string
  threshold?: string
}

export interface ReplicationAlert {
  type: 'replication.alert'
  id: string
  eventName: string
  eventTime: string
  bucket: string
  key: string
  versionId: string | undefined
  ruleId: string | undefined
  destinationBucket: string | undefined
  failureReason: string | undefined
}

export const alertReplication = async (
  sqs: SQSClient,
  queueUrl: string,
  record: S3EventRecord,
  change: ObjectChange,
  recordId: string,
): Promise<{ action: 'alerted'; eventName: string }> => {
  const data = (record as S3EventRecord & { replicationEventData?: ReplicationEventData })
    .replicationEventData
  const alert: ReplicationAlert = {
    type: 'replication.alert',
    id: recordId,
    eventName: change.eventName,
    eventTime: change.eventTime,
    bucket: change.bucket,
    key: change.key,
    versionId: change.versionId,
    ruleId: data?.replicationRuleId,
    destinationBucket: data?.destinationBucket,
    failureReason: data?.failureReason,
  }
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(alert),
      MessageAttributes: { type: { DataType: 'String', StringValue: alert.type } },
    }),
  )
  return { action: 'alerted', eventName: change.eventName }
}
