import type { EventBridgeEvent } from 'aws-lambda'
import type { Obj } from './object.ts'

export const isEventBridgeEvent = (event: Obj): event is Obj & EventBridgeEvent<string, unknown> =>
  typeof event['detail-type'] === 'string' && typeof event.id === 'string'

/** EventBridge gives every event a unique `id`; a redelivery (or an archive replay) keeps it. */
export const eventBridgeKey = (event: EventBridgeEvent<string, unknown>): string => `eb:${event.id}`
