import type { EventBridgeEvent } from 'aws-lambda'
import type { Obj } from './object.ts'

export const isEventBridgeEvent = (event: Obj): event is Obj & EventBridgeEvent<string, unknown> =>
  typeof event['detail-type'] === 'string' && typeof event.id === 'string'

const isScheduledTick = (event: EventBridgeEvent<string, unknown>): boolean =>
  event['detail-type'] === 'Scheduled Event' &&
  event.source === 'aws.events' &&
  typeof event.time === 'string' &&
  typeof event.resources?.[0] === 'string'

/**
 * A schedule tick is its rule and scheduled time: the same tick delivered twice, or replayed from
 * an archive with a new id, is still one tick, and does its work once. Any other event is its
 * `id`, which EventBridge keeps across redeliveries.
 */
export const eventBridgeKey = (event: EventBridgeEvent<string, unknown>): string =>
  isScheduledTick(event) ? `eb:tick:${event.resources[0]}@${event.time}` : `eb:${event.id}`
