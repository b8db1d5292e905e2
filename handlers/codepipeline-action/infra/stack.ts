import { fileURLToPath } from 'node:url'
import { HandlerStack, idempotencyStoreActions, type ResourcePermissions } from '@repo/deploy'
import type { App } from 'aws-cdk-lib'
import { declaration } from '../src/trigger.ts'

/** The bundle `npm run build` writes: the artifact the tests ran is the one deployed. */
export const bundleDir = fileURLToPath(new URL('../dist', import.meta.url))

/**
 * Exactly the calls src/ makes, per declared resource. The artifact is read with the
 * temporary credentials CodePipeline puts in the job (artifact.ts), so the role needs no S3
 * access; PutJobSuccessResult/PutJobFailureResult (report.ts) are granted on "*" by the
 * pipeline action, as AWS requires.
 */
export const permissions: ResourcePermissions = {
  IdempotencyTable: idempotencyStoreActions,
}

/**
 * The pipeline named in the declaration: an S3 source stage (upload release.zip to the
 * PipelineSource bucket, then start an execution) and the stage holding this Lambda action.
 */
export const createStack = (app: App): HandlerStack =>
  new HandlerStack(app, { declaration, bundleDir, permissions })
