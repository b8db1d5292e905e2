import { fileURLToPath } from 'node:url'
import { HandlerStack, idempotencyStoreActions, type ResourcePermissions } from '@repo/deploy'
import type { App } from 'aws-cdk-lib'
import { declaration } from '../src/trigger.ts'

/** The bundle `npm run build` writes: the artifact the tests ran is the one deployed. */
export const bundleDir = fileURLToPath(new URL('../dist', import.meta.url))

/** Exactly the calls src/ makes, per declared resource (send-batch.ts: SendMessageBatch). */
export const permissions: ResourcePermissions = {
  OrdersQueue: ['sqs:SendMessage'],
  CatchAllQueue: ['sqs:SendMessage'],
  IdempotencyTable: idempotencyStoreActions,
}

/**
 * The topic and its subscription (with a DLQ), the routed queues, the table. Routes need no
 * wiring here: each routed queue declares its ROUTE_<TYPE>_QUEUE_URL in src/trigger.ts.
 */
export const createStack = (app: App): HandlerStack =>
  new HandlerStack(app, { declaration, bundleDir, permissions })
