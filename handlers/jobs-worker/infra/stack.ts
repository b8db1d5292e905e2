import { fileURLToPath } from 'node:url'
import { HandlerStack, idempotencyStoreActions, type ResourcePermissions } from '@repo/deploy'
import type { App } from 'aws-cdk-lib'
import { declaration } from '../src/trigger.ts'

/** The bundle `npm run build` writes: the artifact the tests ran is the one deployed. */
export const bundleDir = fileURLToPath(new URL('../dist', import.meta.url))

/** Exactly the calls src/ makes, per declared resource. */
export const permissions: ResourcePermissions = {
  // @repo/jobs JobTable: start/succeed/fail are UpdateItem; a refused start reads the record.
  JobsTable: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  ResultsBucket: ['s3:PutObject'], // run-job.ts
  IdempotencyTable: idempotencyStoreActions,
}

/**
 * The jobs queue (named `jobs-worker-jobs-queue`, visibility 180 s, DLQ after 3 receives) and
 * its event source mapping, the jobs table (`jobs-worker-jobs-table`), the results bucket and
 * the idempotency table. alb-http sends to the queue and writes `queued` rows by those names,
 * so this stack deploys first.
 */
export const createStack = (app: App): HandlerStack =>
  new HandlerStack(app, { declaration, bundleDir, permissions })
