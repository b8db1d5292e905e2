import type { EventBridgeEvent } from 'aws-lambda'
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

const requireText = (value: unknown, field: string, detailType: string): string => {
  const found = text(value)
  if (found === undefined) {
    throw new MalformedEventError(
      `"${detailType}" event has no ${field}; it is needed to handle the event exactly once.`,
    )
  }
  return found
}

/** Tells the two event kinds apart and reads what the handler needs, or says what arrived. */
export const classify = (event: IncomingEvent): ClassifiedEvent => {
  const detailType = String(event?.['detail-type'] ?? '(none)')
  const source = String(event?.source ?? '(none)')

  if (detailType === SCHEDULED_EVENT && source === 'aws.events') {
    const time = requireText(event.time, 'time', detailType)
    if (Number.isNaN(Date.parse(time))) {
      throw new MalformedEventError(`"${detailType}" event has an unreadable time "${time}".`)
    }
    return {
      kind: 'schedule',
      rule: requireText(event.resources?.[0], 'resources[0] (the rule ARN)', detailType),
      time,
    }
  }

  if (detailType === PIPELINE_EXECUTION_STATE_CHANGE && source === 'aws.codepipeline') {
    const detail = (event.detail ?? {}) as Record<string, unknown>
    return {
      kind: 'pipeline',
      pipeline: requireText(detail.pipeline, 'detail.pipeline', detailType),
      executionId: requireText(detail['execution-id'], 'detail.execution-id', detailType),
      state: requireText(detail.state, 'detail.state', detailType),
      time: requireText(event.time, 'time', detailType),
      region: requireText(event.region, 'region', detailType),
      account: text(event.account) ?? '',
    }
  }

  throw new UnsupportedEventError(source, detailType)
}

export const isNotifiedState = (state: string): state is NotifiedState =>
  (NOTIFIED_STATES as readonly string[]).includes(state)

/**
 * The delivery's identity, for idempotency. Not EventBridge's `id`: a second event for the same
 * tick (two rules, a replay) or the same pipeline transition must still do the work only once.
 */
export const idempotencyKeyOf = (event: IncomingEvent): string => {
  const classified = classify(event)
  return classified.kind === 'schedule'
    ? `schedule#${classified.rule}#${classified.time}`
    : `pipeline#${classified.pipeline}#${classified.executionId}#${classified.state}`
}
