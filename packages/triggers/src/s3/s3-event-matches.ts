import type { DeepReadonly } from '../declaration/define.ts'
import type { S3Trigger } from '../declaration/s3-trigger.ts'
import { s3EventTypeCovers } from './s3-event-types.ts'

export interface S3EventToMatch {
  /** The record's `eventName`, as in `ObjectCreated:Put`. */
  eventName: string
  /** The DECODED object key: decode a record's key with `decodeS3Key` from @repo/runtime. */
  key: string
}

/** Whether S3 would deliver this event to the trigger: an event type covers it and the key passes the filter. */
export const s3EventMatches = (
  trigger: DeepReadonly<Pick<S3Trigger, 'events' | 'filter'>>,
  event: S3EventToMatch,
): boolean =>
  trigger.events.some((eventType) => s3EventTypeCovers(eventType, event.eventName)) &&
  event.key.startsWith(trigger.filter?.prefix ?? '') &&
  event.key.endsWith(trigger.filter?.suffix ?? '')
