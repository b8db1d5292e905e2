import type { S3Client } from '@aws-sdk/client-s3'
import type { SQSClient } from '@aws-sdk/client-sqs'
import middy, { type MiddlewareObj } from '@middy/core'
import { type IdempotencyStore, idempotency } from '@repo/idempotency'
import { assertCloudWatchLogsEvent, createLogger, decodedLogs, type Logger } from '@repo/runtime'
import type { CloudWatchLogsEvent, Context } from 'aws-lambda'
import { sendAlerts } from './alerts.ts'
import { putArchive } from './archive.ts'
import type { Config } from './config.ts'
import { prepareBatch } from './process-batch.ts'

export interface HandlerDependencies {
  config: Config
  s3: S3Client
  sqs: SQSClient
  store: IdempotencyStore
  /** Default: the shared JSON logger at `AWS_LAMBDA_LOG_LEVEL`. */
  logger?: Logger
  /** Clock for the idempotency records (tests). */
  now?: () => number
}

export type BatchResult =
  | { skipped: 'CONTROL_MESSAGE' | 'EMPTY_BATCH' }
  | { logGroup: string; events: number; archived: string; alerts: number }

/**
 * CloudWatch Logs checks a new subscription with a CONTROL_MESSAGE. It is acknowledged here,
 * before the idempotency lock: there is nothing to do, so nothing to record.
 */
const acknowledgeControlMessages = (): MiddlewareObj<CloudWatchLogsEvent, BatchResult> => ({
  before: (request) => {
    if (decodedLogs(request.event).messageType === 'CONTROL_MESSAGE') {
      request.earlyResponse = { skipped: 'CONTROL_MESSAGE' }
    }
  },
})

export const createHandler = (deps: HandlerDependencies) => {
  const { config } = deps
  const logger = deps.logger ?? createLogger()

  const archiveAndAlert = async (
    event: CloudWatchLogsEvent,
    _context: Context,
  ): Promise<BatchResult> => {
    const data = decodedLogs(event)
    const batch = prepareBatch(data)
    if (batch === undefined) return { skipped: 'EMPTY_BATCH' }
    await putArchive(deps.s3, config.archiveBucket, batch.key, batch.body, data, batch.codec)
    const alerts = await sendAlerts(deps.sqs, config.alertsQueueUrl, batch.alerts)
    logger.info('log batch archived', {
      logGroup: data.logGroup,
      events: batch.events,
      archived: batch.key,
      alerts,
    })
    return { logGroup: data.logGroup, events: batch.events, archived: batch.key, alerts }
  }

  return (
    middy<CloudWatchLogsEvent, BatchResult>()
      // Nothing reads the event before its shape is checked: a typed refusal, not a TypeError.
      .use({ before: ({ event }) => assertCloudWatchLogsEvent(event) })
      .use(acknowledgeControlMessages())
      .use(
        idempotency<CloudWatchLogsEvent, BatchResult>({
          store: deps.store,
          now: deps.now,
          // The default key is the batch (log group + its events' ids, which a redelivery keeps),
          // read from the same cached decode as the handler.
          inFlight: { waitMs: 10_000 },
        }),
      )
      .handler(archiveAndAlert)
  )
}
