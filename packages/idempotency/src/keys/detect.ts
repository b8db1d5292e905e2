import type { Context } from 'aws-lambda'
import { IdempotencyKeyError, IdempotencyTriggerError } from '../errors.ts'
import { isAlbEvent } from './alb.ts'
import { cloudWatchLogsKey, isCloudWatchLogsEvent } from './cloudwatch-logs.ts'
import { codePipelineKey, isCodePipelineEvent } from './codepipeline.ts'
import { eventBridgeKey, isEventBridgeEvent } from './eventbridge.ts'
import { isObject, type Obj } from './object.ts'
import { isS3Event, s3Key } from './s3.ts'
import { isSnsEvent, snsKey } from './sns.ts'
import { isSqsEvent, sqsKey } from './sqs.ts'

/** `invocation` keys on `context.awsRequestId`: for events with no id of their own (direct invokes). */
export const TRIGGERS = [
  'alb',
  'eventbridge',
  'sns',
  's3',
  'codepipeline',
  'cloudwatch-logs',
  'sqs',
  'invocation',
] as const
export type Trigger = (typeof TRIGGERS)[number]

type DetectableTrigger = Exclude<Trigger, 'alb' | 'invocation'>

/** Shape test and what it looks for, per trigger, in detection order. */
const SHAPES: readonly [Exclude<Trigger, 'invocation'>, (event: Obj) => boolean, string][] = [
  ['alb', isAlbEvent, 'requestContext.elb (ALB)'],
  ['eventbridge', isEventBridgeEvent, '"detail-type" and "id" (EventBridge)'],
  ['sns', isSnsEvent, 'Records[0].EventSource "aws:sns" (SNS)'],
  ['s3', isS3Event, 'Records[0].eventSource "aws:s3" (S3)'],
  ['sqs', isSqsEvent, 'Records[0].eventSource "aws:sqs" (SQS)'],
  ['codepipeline', isCodePipelineEvent, '"CodePipeline.job" (CodePipeline)'],
  ['cloudwatch-logs', isCloudWatchLogsEvent, 'awslogs.data (CloudWatch Logs)'],
]

const MAX_FIELDS_SHOWN = 10

/** Which trigger sent this event, from its shape alone; undefined when none matches. */
export const detectTrigger = (event: unknown): Trigger | undefined => {
  if (!isObject(event)) return undefined
  for (const [trigger, matches] of SHAPES) if (matches(event)) return trigger
  return undefined
}

/** Detection, or a typed error naming what was looked for and the fields the event has. */
export const detectTriggerOrThrow = (event: unknown): Trigger => {
  const trigger = detectTrigger(event)
  if (trigger !== undefined) return trigger
  const fields = isObject(event)
    ? Object.keys(event)
        .slice(0, MAX_FIELDS_SHOWN)
        .map((name) => JSON.stringify(name.slice(0, 40)))
    : [`none (the event is ${event === null ? 'null' : typeof event})`]
  throw new IdempotencyTriggerError(
    SHAPES.map(([, , lookedFor]) => lookedFor),
    fields,
  )
}

// undefined: the event lacks the trigger's fields; null: it has them, but no id (use the request id).
const KEYS: Record<DetectableTrigger, (event: Obj) => string | null | undefined> = {
  eventbridge: (event) => (isEventBridgeEvent(event) ? eventBridgeKey(event) : undefined),
  sns: (event) => (isSnsEvent(event) ? snsKey(event) : undefined),
  s3: (event) => (isS3Event(event) ? s3Key(event) : undefined),
  sqs: (event) => (isSqsEvent(event) ? sqsKey(event) : undefined),
  codepipeline: (event) => (isCodePipelineEvent(event) ? codePipelineKey(event) : undefined),
  // A CONTROL_MESSAGE carries no log event ids.
  'cloudwatch-logs': (event) =>
    isCloudWatchLogsEvent(event) ? (cloudWatchLogsKey(event) ?? null) : undefined,
}

/**
 * The event's own delivery id for every non-HTTP trigger (ALB keys come from a header; see alb.ts).
 * `invocation`, and a CloudWatch Logs control message, use the request id, which Lambda keeps
 * across its own async retries. An event without the trigger's fields is an IdempotencyKeyError.
 */
export const deriveKey = (trigger: Trigger, event: unknown, context: Context): string => {
  if (trigger === 'invocation') return `req:${context.awsRequestId}`
  if (trigger === 'alb') {
    throw new IdempotencyKeyError(
      'ALB events are keyed by their Idempotency-Key header: leave `http` on, or pass `key`.',
    )
  }
  const key = isObject(event) ? KEYS[trigger](event) : undefined
  if (key === null) return `req:${context.awsRequestId}`
  if (key !== undefined) return key
  const lookedFor = SHAPES.find(([name]) => name === trigger)?.[2] ?? trigger
  throw new IdempotencyKeyError(
    `The \`trigger\` option says '${trigger}', but this event has no ${lookedFor}. ` +
      "Send that trigger's events to this handler, or choose `trigger` or `key` to match.",
  )
}
