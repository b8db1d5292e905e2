import type { EventBridgeEvent } from 'aws-lambda'
import { own, ShapeCheck } from './shape-check.ts'

const check = new ShapeCheck('EventBridge')

/**
 * Checks the EventBridge envelope every event has: id, detail-type, source, account, time,
 * region as strings, resources as a list of strings, and a detail (any JSON; an object for AWS
 * events). What the detail must hold is the handler's to check, per detail-type.
 */
export function assertEventBridgeEvent(
  event: unknown,
): asserts event is EventBridgeEvent<string, unknown> {
  const envelope = check.object(event, '(event)')
  for (const field of ['id', 'detail-type', 'source', 'account', 'time', 'region']) {
    check.nonEmptyText(own(envelope, field), field)
  }
  check.textList(own(envelope, 'resources'), 'resources')
  if (own(envelope, 'detail') === undefined) check.fail('detail', 'present', undefined)
}
