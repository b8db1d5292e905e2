import { deriveKey } from '@repo/idempotency/keys'
import type { Context, EventBridgeEvent } from 'aws-lambda'
import { MalformedEventError, UnsupportedEventError } from './errors.ts'

export const SCHEDULED_EVENT = 'Scheduled Event'
export const PIPELINE_EXECUTION_STATE_CHANGE = 'CodePipeline Pipeline Execution State Change'
/** The states the rule in trigger.ts selects: the end of an execution. */
export const NOTIFIED_STATES = ['FAILED', 'SUCCEEDED', 'STOPPED'] as const
export type NotifiedState = (typeof NOTIFIED_STATES)[number]

/** Whatever EventBridge sends; narrowed by `classify`. */
export type IncomingEvent = EventBridgeEvent<string, unknown>

/** One tick of a schedule rule: the rule's ARN plus the scheduled time identify it. */
export interface ScheduleTick {
  kind: 'schedule'
  rule: string
  /** ISO time the tick was scheduled for (not when it was delivered). */
  time: string
}

export interface PipelineStateChange {
  kind: 'pipeline'
  pipeline: string
  executionId: string
  /** Any state CodePipeline sends; only NOTIFIED_STATES are notified. */
  state: string
  time: string
  region: string
  account: string
}

export type ClassifiedEvent = ScheduleTick | PipelineStateChange

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

// What AWS sends in these fields. Anything else is refused here rather than reaching a message
// attribute SQS refuses (control characters, lone surrogates) or a URL encodeURIComponent throws on.
/** EventBridge writes `time` as RFC 3339 UTC, to the second. */
const EVENT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/
/** CodePipeline's rule for pipeline names. */
const PIPELINE_NAME = /^[A-Za-z0-9.@_-]{1,100}$/
/** Execution ids are UUIDs; allow any id made of the same characters. */
const EXECUTION_ID = /^[A-Za-z0-9-]{1,128}$/
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/
/** A rule ARN: printable, no spaces (it becomes part of the idempotency key). */
const RULE_ARN = /^arn:[^\s:]+:events:[^\s\p{Cc}]{1,1500}$/u

const requireMatch = (value: string, pattern: RegExp, field: string, detailType: string) => {
  if (!pattern.test(value) || !value.isWellFormed()) {
    throw new MalformedEventError(
      `"${detailType}" event has a ${field} that is not one AWS writes (${JSON.stringify(value.slice(0, 80))}).`,
    )
  }
  return value
}

/** The detail as a record of its own fields; any other JSON value has none. */
const detailFields = (detail: unknown): Readonly<Record<string, unknown>> =>
  typeof detail === 'object' && detail !== null && !Array.isArray(detail)
    ? Object.fromEntries(Object.entries(detail))
    : {}

const requireText = (value: unknown, field: string, detailType: string): string => {
  const found = text(value)
  if (found === undefined) {
    throw new MalformedEventError(
      `"${detailType}" event has no ${field}; it is needed to handle the event exactly once.`,
    )
  }
  return found
}

const readTime = (event: IncomingEvent, detailType: string): string => {
  const time = requireMatch(
    requireText(event.time, 'time', detailType),
    EVENT_TIME,
    'time',
    detailType,
  )
  if (Number.isNaN(Date.parse(time))) {
    throw new MalformedEventError(`"${detailType}" event has an unreadable time "${time}".`)
  }
  return time
}

/**
 * Tells the two event kinds apart and reads what the handler needs, or says what arrived. The
 * envelope's shape is checked before (assertEventBridgeEvent); this checks each kind's fields.
 */
export const classify = (event: IncomingEvent): ClassifiedEvent => {
  const detailType = String(event['detail-type'])
  const source = String(event.source)

  if (detailType === SCHEDULED_EVENT && source === 'aws.events') {
    return {
      kind: 'schedule',
      rule: requireMatch(
        requireText(event.resources[0], 'resources[0] (the rule ARN)', detailType),
        RULE_ARN,
        'resources[0] (the rule ARN)',
        detailType,
      ),
      time: readTime(event, detailType),
    }
  }

  if (detailType === PIPELINE_EXECUTION_STATE_CHANGE && source === 'aws.codepipeline') {
    const detail = detailFields(event.detail)
    const pipeline = requireText(detail.pipeline, 'detail.pipeline', detailType)
    const executionId = requireText(detail['execution-id'], 'detail.execution-id', detailType)
    const region = requireText(event.region, 'region', detailType)
    return {
      kind: 'pipeline',
      pipeline: requireMatch(pipeline, PIPELINE_NAME, 'detail.pipeline', detailType),
      executionId: requireMatch(executionId, EXECUTION_ID, 'detail.execution-id', detailType),
      state: requireText(detail.state, 'detail.state', detailType),
      time: readTime(event, detailType),
      region: requireMatch(region, REGION, 'region', detailType),
      account: text(event.account) ?? '',
    }
  }

  throw new UnsupportedEventError(source, detailType)
}

export const isNotifiedState = (state: string): state is NotifiedState =>
  (NOTIFIED_STATES as readonly string[]).includes(state)

/**
 * The delivery's identity, for idempotency. A tick takes @repo/idempotency's default for a
 * scheduled event (rule + scheduled time: a redelivered or replayed tick is one tick). A pipeline
 * transition is keyed on pipeline, execution and state, not EventBridge's `id`: the same
 * transition arriving as two events (a replay from an archive) must notify once, and the user
 * guide's samples give two different transitions one `id`.
 */
export const idempotencyKeyOf = (event: IncomingEvent, context: Context): string => {
  const classified = classify(event)
  return classified.kind === 'schedule'
    ? deriveKey('eventbridge', event, context)
    : `pipeline#${classified.pipeline}#${classified.executionId}#${classified.state}`
}
