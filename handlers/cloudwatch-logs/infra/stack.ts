import { fileURLToPath } from 'node:url'
import { HandlerStack, idempotencyStoreActions, type ResourcePermissions } from '@repo/deploy'
import type { App } from 'aws-cdk-lib'
import { declaration } from '../src/trigger.ts'

/** The bundle `npm run build` writes: the artifact the tests ran is the one deployed. */
export const bundleDir = fileURLToPath(new URL('../dist', import.meta.url))

/** Exactly the calls src/ makes, per declared resource. */
export const permissions: ResourcePermissions = {
  LogArchive: ['s3:PutObject'], // archive.ts
  Alerts: ['sqs:SendMessage'], // alerts.ts: SendMessageBatch is authorised as sqs:SendMessage
  IdempotencyTable: idempotencyStoreActions,
}

/** The subscription filter on the watched log group, the archive bucket, alerts and failures queues. */
export const createStack = (app: App): HandlerStack =>
  new HandlerStack(app, { declaration, bundleDir, permissions })
