import { fileURLToPath } from 'node:url'
import { HandlerStack, idempotencyStoreActions, type ResourcePermissions } from '@repo/deploy'
import { type App, Stack } from 'aws-cdk-lib'
import { declaration } from '../src/trigger.ts'

/** The bundle `npm run build` writes: the artifact the tests ran is the one deployed. */
export const bundleDir = fileURLToPath(new URL('../dist', import.meta.url))

/** Exactly the calls src/ makes, per declared resource (send-batch.ts: SendMessageBatch). */
export const permissions: ResourcePermissions = {
  OrdersQueue: ['sqs:SendMessage'],
  CatchAllQueue: ['sqs:SendMessage'],
  IdempotencyTable: idempotencyStoreActions,
}

/** Message type → declared queue: becomes ROUTES, the JSON map config.ts reads. */
export const routes = { order: 'OrdersQueue' } as const

/** The topic and its filtered subscription (with a DLQ), the routed queues, the table. */
export const createStack = (app: App): HandlerStack => {
  const stack = new HandlerStack(app, { declaration, bundleDir, permissions })
  const queueUrls = Object.fromEntries(
    Object.entries(routes).map(([type, ref]) => [
      type,
      stack.handler.resources.queue({ ref }).queueUrl,
    ]),
  )
  stack.handler.function.addEnvironment('ROUTES', Stack.of(stack).toJsonString(queueUrls))
  return stack
}
