import type { Context } from 'aws-lambda'
import { isAlbEvent } from './alb.ts'
import { cloudWatchLogsKey, isCloudWatchLogsEvent } from './cloudwatch-logs.ts'
import { codePipelineKey, isCodePipelineEvent } from './codepipeline.ts'
import { eventBridgeKey, isEventBridgeEvent } from './eventbridge.ts'
import { isObject } from './object.ts'
import { isS3Event, s3Key } from './s3.ts'
import { isSnsEvent, snsKey } from './sns.ts'
import { isSqsEvent, sqsKey } from './sqs.ts'

export type Trigger =
  | 'alb'
  | 'eventbridge'
  | 'sns'
  | 's3'
  | 'codepipeline'
  | 'cloudwatch-logs'
  | 'sqs'
  | 'unknown'

/** Which trigger sent this event, from its shape alone. */
export const detectTrigger = (event: unknown): Trigger => {
  if (!isObject(event)) return 'unknown'
  if (isAlbEvent(event)) return 'alb'
  if (isEventBridgeEvent(event)) return 'eventbridge'
  if (isSnsEvent(event)) return 'sns'
  if (isS3Event(event)) return 's3'
  if (isSqsEvent(event)) return 'sqs'
  if (isCodePipelineEvent(event)) return 'codepipeline'
  if (isCloudWatchLogsEvent(event)) return 'cloudwatch-logs'
  return 'unknown'
}

/**
 * The event's own delivery id for every non-HTTP trigger (ALB keys come from a header; see alb.ts).
 * Anything else, or an event without usable ids, falls back to the request id, which Lambda keeps
 * across its own async retries.
 */
export const deriveKey = (trigger: Trigger, event: unknown, context: Context): string => {
  let key: string | undefined
  if (isObject(event)) {
    if (trigger === 'eventbridge' && isEventBridgeEvent(event)) key = eventBridgeKey(event)
    else if (trigger === 'sns' && isSnsEvent(event)) key = snsKey(event)
    else if (trigger === 's3' && isS3Event(event)) key = s3Key(event)
    else if (trigger === 'sqs' && isSqsEvent(event)) key = sqsKey(event)
    else if (trigger === 'codepipeline' && isCodePipelineEvent(event)) key = codePipelineKey(event)
    else if (trigger === 'cloudwatch-logs' && isCloudWatchLogsEvent(event))
      key = cloudWatchLogsKey(event)
  }
  return key ?? `req:${context.awsRequestId}`
}
