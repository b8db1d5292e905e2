import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { snsEvent, snsRecord } from '@repo/shared'
import { type SnsTrigger, snsMessageMatches } from '@repo/triggers'
import type { SNSEvent, SNSMessageAttributes } from 'aws-lambda'

/** The JSON envelope SNS puts in an SQS message when raw delivery is off. */
interface SnsEnvelope {
  Type: string
  MessageId: string
  TopicArn: string
  Subject?: string
  Message: string
  Timestamp: string
  SignatureVersion?: string
  Signature?: string
  SigningCertURL?: string
  UnsubscribeURL?: string
  MessageAttributes?: SNSMessageAttributes
}

/**
 * What SNS hands Lambda for a message it delivered to SQS: same message, ID, topic,
 * timestamp and attributes; `Subject` null when none was given; the `...Url` casing Lambda
 * deliveries use.
 */
export const snsEventFromEnvelope = (envelope: SnsEnvelope, subscriptionArn: string): SNSEvent => {
  const record = snsRecord({ message: envelope.Message })
  return snsEvent([
    {
      ...record,
      EventSubscriptionArn: subscriptionArn,
      Sns: {
        ...record.Sns,
        MessageId: envelope.MessageId,
        TopicArn: envelope.TopicArn,
        // @types/aws-lambda has no null Subject, but SNS sends one to Lambda.
        Subject: (envelope.Subject ?? null) as string,
        Message: envelope.Message,
        Timestamp: envelope.Timestamp,
        ...(envelope.Signature !== undefined && { Signature: envelope.Signature }),
        MessageAttributes: envelope.MessageAttributes ?? {},
      },
    },
  ])
}

export interface SnsPollerOptions {
  sqs: SQSClient
  queueUrl: string
  topicArn: string
  trigger: SnsTrigger
  deliver(event: SNSEvent): void
  onError(error: Error): void
}

/**
 * fauxqs delivers SNS only to SQS subscriptions, so each SNS-triggered handler gets a queue
 * subscribed to its topic (raw delivery off, no filter at fauxqs); this loop long-polls it,
 * applies the declaration's filter policy with `snsMessageMatches` and invokes the handler.
 */
export const startSnsPoller = (options: SnsPollerOptions): (() => Promise<void>) => {
  const controller = new AbortController()
  const subscriptionArn = `${options.topicArn}:local-${options.trigger.type}`
  const loop = async () => {
    while (!controller.signal.aborted) {
      try {
        const { Messages = [] } = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
          }),
          { abortSignal: controller.signal },
        )
        for (const message of Messages) {
          const envelope = JSON.parse(message.Body ?? '{}') as SnsEnvelope
          const event = snsEventFromEnvelope(envelope, subscriptionArn)
          const record = event.Records[0]
          if (
            record &&
            snsMessageMatches(
              options.trigger.filterPolicy,
              options.trigger.filterPolicyScope ?? 'MessageAttributes',
              record.Sns,
            )
          ) {
            options.deliver(event)
          }
          await options.sqs.send(
            new DeleteMessageCommand({
              QueueUrl: options.queueUrl,
              ReceiptHandle: message.ReceiptHandle,
            }),
          )
        }
      } catch (error) {
        if (controller.signal.aborted) break
        await new Promise((resolve) => setTimeout(resolve, 200))
        options.onError(error as Error)
      }
    }
  }
  const running = loop()
  return async () => {
    controller.abort()
    await running
  }
}
