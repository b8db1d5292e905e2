import { fileURLToPath } from 'node:url'
import { HandlerStack, idempotencyStoreActions, type ResourcePermissions } from '@repo/deploy'
import type { App } from 'aws-cdk-lib'
import { declaration } from '../src/trigger.ts'

/** The bundle `npm run build` writes: the artifact the tests ran is the one deployed. */
export const bundleDir = fileURLToPath(new URL('../dist', import.meta.url))

/** Exactly the calls src/ makes, per declared resource. */
export const permissions: ResourcePermissions = {
  UploadsBucket: [
    's3:GetObject', // summarize-object.ts, when the event carries no version id
    's3:GetObjectVersion', // summarize-object.ts reads the exact version that raised the event
    's3:ListBucket', // so a deleted key reads as NoSuchKey (404), not AccessDenied
    's3:PutObject', // the summary
    's3:DeleteObject', // remove-summary.ts
  ],
  S3ObjectsResults: ['sqs:SendMessage'], // summaries and replication alerts
  // Idempotency records and the sequencer marks (UpdateItem) share the table.
  IdempotencyTable: idempotencyStoreActions,
}

/** The versioned uploads bucket and its notification, the results and failures queues, the table. */
export const createStack = (app: App): HandlerStack =>
  new HandlerStack(app, { declaration, bundleDir, permissions })
