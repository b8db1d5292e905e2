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
export type Trigger =
  | 'alb'
  | 'eventbridge'
  | 'sns'
  | 's3'
  | 'codepipeline'
  | 'cloudwatch-logs'
  | 'sqs'
  | 'invocation'

interface Shape {
  trigger: Exclude<Trigger, 'invocation'>
  matches: (event: Obj) => boolean
  lookedFor: string
  /**
   * The delivery id, given an event `matches` accepted; undefined when it has none (use the
   * request id). Absent for ALB: its key is a header.
   */
  key?: (event: never) => string | undefined
}

/** Per trigger, in detection order: how to recognise its events and what its key is. */
const SHAPES: readonly Shape[] = [
  { trigger: 'alb', matches: isAlbEvent, lookedFor: 'requestContext.elb (ALB)' },
  {
    trigger: 'eventbridge',
    matches: isEventBridgeEvent,
    lookedFor: '"detail-type" and "id" (EventBridge)',
    key: eventBridgeKey,
  },
  {
    trigger: 'sns',
    matches: isSnsEvent,
    lookedFor: 'Records[0].EventSource "aws:sns" (SNS)',
    key: snsKey,
  },
  {
    trigger: 's3',
    matches: isS3Event,
    lookedFor: 'Records[0].eventSource "aws:s3" (S3)',
    key: s3Key,
  },
  {
    trigger: 'sqs',
    matches: isSqsEvent,
    lookedFor: 'Records[0].eventSource "aws:sqs" (SQS)',
    key: sqsKey,
  },
  {
    trigger: 'codepipeline',
    matches: isCodePipelineEvent,
    lookedFor: '"CodePipeline.job" (CodePipeline)',
    key: codePipelineKey,
  },
  // A CONTROL_MESSAGE carries no log event ids, so it has no key of its own.
  {
    trigger: 'cloudwatch-logs',
    matches: isCloudWatchLogsEvent,
    lookedFor: 'awslogs.data (CloudWatch Logs)',
    key: cloudWatchLogsKey,
  },
]

/** The shape of each trigger, looked up once per call by `deriveKey`. */
const SHAPE_OF = new Map(SHAPES.map((shape) => [shape.trigger, shape]))

/** Every value of the `trigger` option. */
export const TRIGGERS: readonly Trigger[] = [...SHAPES.map((shape) => shape.trigger), 'invocation']

const MAX_FIELDS_SHOWN = 10

/** Which trigger sent this event, from its shape alone; undefined when none matches. */
export const detectTrigger = (event: unknown): Trigger | undefined => {
  if (!isObject(event)) return undefined
  for (const shape of SHAPES) if (shape.matches(event)) return shape.trigger
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
    SHAPES.map((shape) => shape.lookedFor),
    fields,
  )
}

/**
 * The event's own delivery id for every non-HTTP trigger (ALB keys come from a header; see alb.ts).
 * `invocation`, and an event of a trigger with no id in it (a CloudWatch Logs control message), use
 * the request id, which Lambda keeps across its own async retries. An event without the trigger's
 * fields is an IdempotencyKeyError.
 */
export const deriveKey = (trigger: Trigger, event: unknown, context: Context): string => {
  if (trigger === 'invocation') return `req:${context.awsRequestId}`
  const shape = SHAPE_OF.get(trigger) as Shape
  if (shape.key === undefined) {
    throw new IdempotencyKeyError(
      'ALB events are keyed by their Idempotency-Key header: keep `http` on.',
    )
  }
  if (!isObject(event) || !shape.matches(event)) {
    throw new IdempotencyKeyError(
      `The \`trigger\` option says '${trigger}', but this event has no ${shape.lookedFor}.`,
    )
  }
  const key = (shape.key as (matched: Obj) => string | undefined)(event)
  return key ?? `req:${context.awsRequestId}`
}
