import { defineHandler } from '@repo/triggers'

/**
 * Subscribed to one topic. No filter policy: unknown types must reach the catch-all queue, so
 * SNS must not drop them first. To take only some messages, add e.g.
 * `filterPolicy: { type: ['order', 'invoice'] }` (attributes) or, with
 * `filterPolicyScope: 'MessageBody'`, a policy on the JSON body.
 */
export const declaration = defineHandler({
  name: 'sns-fanout',
  description: 'Routes SNS messages to SQS queues by their type',
  triggers: [{ type: 'sns', topic: { ref: 'EventsTopic' } }],
  asyncPolicy: {
    maximumRetryAttempts: 2,
    maximumEventAgeInSeconds: 3600,
    onFailure: { queue: { ref: 'FailuresQueue' } },
  },
  resources: [
    // A route: type "order" (config.ts reads every ROUTE_<TYPE>_QUEUE_URL).
    {
      kind: 'queue',
      ref: 'OrdersQueue',
      access: 'write',
      environmentVariable: 'ROUTE_ORDER_QUEUE_URL',
    },
    {
      kind: 'queue',
      ref: 'CatchAllQueue',
      access: 'write',
      environmentVariable: 'CATCH_ALL_QUEUE_URL',
    },
    {
      kind: 'table',
      ref: 'IdempotencyTable',
      access: 'read-write',
      environmentVariable: 'IDEMPOTENCY_TABLE_NAME',
    },
  ],
  function: { memorySize: 256, timeout: 30 },
})
