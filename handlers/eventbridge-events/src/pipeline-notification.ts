import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { PipelineStateChange } from './events.ts'

export interface PipelineNotification {
  pipeline: string
  executionId: string
  state: string
  time: string
  account: string
  region: string
  consoleUrl: string
}

/** The execution's timeline in the CodePipeline console. */
export const consoleUrlFor = (
  change: Pick<PipelineStateChange, 'pipeline' | 'executionId' | 'region'>,
): string => {
  const region = encodeURIComponent(change.region)
  const pipeline = encodeURIComponent(change.pipeline)
  const execution = encodeURIComponent(change.executionId)
  return `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${pipeline}/executions/${execution}/timeline?region=${region}`
}

export const notificationFor = (change: PipelineStateChange): PipelineNotification => ({
  pipeline: change.pipeline,
  executionId: change.executionId,
  state: change.state,
  time: change.time,
  account: change.account,
  region: change.region,
  consoleUrl: consoleUrlFor(change),
})

/**
 * One message per (pipeline, execution, state). The attributes let a consumer (or an SNS
 * subscription filter downstream) pick states without parsing the body. On a FIFO queue the
 * deduplication id makes SQS drop a resend within its 5-minute window as well.
 */
export const sendNotification = async (
  sqs: SQSClient,
  queueUrl: string,
  notification: PipelineNotification,
): Promise<string | undefined> => {
  const fifo = queueUrl.endsWith('.fifo')
  const output = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(notification),
      MessageAttributes: {
        pipeline: { DataType: 'String', StringValue: notification.pipeline },
        state: { DataType: 'String', StringValue: notification.state },
      },
      ...(fifo && {
        MessageGroupId: notification.pipeline,
        MessageDeduplicationId: `${notification.executionId}#${notification.state}`.slice(0, 128),
      }),
    }),
  )
  return output.MessageId
}
