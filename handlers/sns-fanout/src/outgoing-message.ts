import type { SNSEventRecord } from 'aws-lambda'
import { carriedAttributes } from './attributes.ts'
import type { OutgoingMessage } from './batches.ts'
import type { Route } from './route.ts'

/**
 * The SQS message for one SNS record: the message text as the body (an S3 notification is
 * therefore the S3 event itself, unwrapped from the SNS envelope), the attributes carried over.
 */
export const outgoingMessage = (
  id: string,
  record: SNSEventRecord,
  route: Route,
): { message: OutgoingMessage; dropped: string[] } => {
  const { attributes, dropped } = carriedAttributes(record)
  const fifo = route.queueUrl.endsWith('.fifo')
  return {
    message: {
      id,
      queueUrl: route.queueUrl,
      body: record.Sns.Message,
      attributes,
      // A FIFO queue needs both; the SNS MessageId also lets SQS drop a resend for 5 minutes.
      ...(fifo && {
        groupId: route.type ?? 'untyped',
        deduplicationId: record.Sns.MessageId,
      }),
    },
    dropped,
  }
}
