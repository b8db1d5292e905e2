import type { S3Client } from '@aws-sdk/client-s3'
import type { SQSClient } from '@aws-sdk/client-sqs'
import middy from '@middy/core'
import httpHeaderNormalizer from '@middy/http-header-normalizer'
import type { IdempotencyStore } from '@repo/idempotency'
import type { JobTable } from '@repo/jobs'
import { createLogger, type Logger } from '@repo/runtime'
import type { ALBEvent, ALBResult } from 'aws-lambda'
import { albResponses } from './alb-response.ts'
import type { Config } from './config.ts'
import { problemDetails } from './problem.ts'
import { albRequestShape } from './request-shape.ts'
import { createRoutes } from './routes.ts'

export interface HandlerDependencies {
  config: Config
  sqs: SQSClient
  s3: S3Client
  /** Where Idempotency-Key records live: DynamoDB when deployed (storeFromEnvironment). */
  store: IdempotencyStore
  /** The job status records: `queued` when a job is accepted, read by GET /jobs/<id>. */
  jobs: JobTable
  /** Epoch ms; the idempotency records and the job's acceptedAt use it. */
  now?: () => number
  newJobId?: () => string
  /** Default: the shared JSON logger at `AWS_LAMBDA_LOG_LEVEL`. */
  logger?: Logger
}

/**
 * The ALB handler. Middleware order matters: `albResponses` is registered first so its
 * after/onError run last and shape every response (routes, replays, problems) for the target
 * group's header mode; `albRequestShape` refuses a malformed event (400) before anything reads
 * it; `problemDetails` turns any error into RFC 9457 before that.
 */
export const createHandler = (deps: HandlerDependencies) =>
  middy<ALBEvent, ALBResult>(
    createRoutes({
      sqs: deps.sqs,
      queueUrl: deps.config.jobsQueueUrl,
      s3: deps.s3,
      bucket: deps.config.filesBucket,
      presignedUrlTtlSeconds: deps.config.presignedUrlTtlSeconds,
      store: deps.store,
      jobs: deps.jobs,
      maxBodyBytes: deps.config.maxBodyBytes,
      now: deps.now ?? Date.now,
      newJobId: deps.newJobId,
    }),
  )
    .use(albResponses())
    .use(albRequestShape())
    .use(httpHeaderNormalizer())
    .use(problemDetails(deps.logger ?? createLogger()))
