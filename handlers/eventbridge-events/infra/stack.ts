import { fileURLToPath } from 'node:url'
import { HandlerStack, idempotencyStoreActions, type ResourcePermissions } from '@repo/deploy'
import type { App } from 'aws-cdk-lib'
import { declaration } from '../src/trigger.ts'

/** The bundle `npm run build` writes: the artifact the tests ran is the one deployed. */
export const bundleDir = fileURLToPath(new URL('../dist', import.meta.url))

/** Exactly the calls src/ makes, per declared resource. */
export const permissions: ResourcePermissions = {
  // housekeeping.ts lists (ListObjectsV2), delete-objects.ts deletes (DeleteObjects is
  // authorised per key as s3:DeleteObject), report.ts writes the report.
  UploadsBucket: ['s3:ListBucket', 's3:DeleteObject', 's3:PutObject'],
  NotificationsQueue: ['sqs:SendMessage'], // pipeline-notification.ts
  IdempotencyTable: idempotencyStoreActions,
}

/** The schedule rule, the CodePipeline state-change rule, the uploads bucket and the queues. */
export const createStack = (app: App): HandlerStack =>
  new HandlerStack(app, { declaration, bundleDir, permissions })
