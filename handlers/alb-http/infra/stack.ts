import { fileURLToPath } from 'node:url'
import { HandlerStack, idempotencyStoreActions, type ResourcePermissions } from '@repo/deploy'
import type { App } from 'aws-cdk-lib'
import { declaration } from '../src/trigger.ts'

/** The bundle `npm run build` writes: the artifact the tests ran is the one deployed. */
export const bundleDir = fileURLToPath(new URL('../dist', import.meta.url))

/** Exactly the calls src/ makes, per declared resource. */
export const permissions: ResourcePermissions = {
  // jobs-worker's queue and table, by name: create-job.ts (send, accept, fail), get-job.ts (get).
  'jobs-worker-jobs-queue': ['sqs:SendMessage'],
  'jobs-worker-jobs-table': ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
  // get-object.ts: HeadObject and GetObject (and the presigned GET) need s3:GetObject; without
  // s3:ListBucket S3 answers a missing key with 403 instead of 404.
  FilesBucket: ['s3:GetObject', 's3:ListBucket'],
  IdempotencyTable: idempotencyStoreActions,
}

/**
 * The ALB, its listener rule and Lambda target group, the jobs queue, the files bucket and the
 * idempotency table. The context values albListenerArn + albSecurityGroupId attach to an existing
 * listener instead; albCertificateArn serves HTTPS (given as CDK_CONTEXT_JSON when synthesizing).
 */
export const createStack = (app: App): HandlerStack =>
  new HandlerStack(app, { declaration, bundleDir, permissions })
