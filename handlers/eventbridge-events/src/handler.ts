import type { S3Client } from '@aws-sdk/client-s3'
import type { SQSClient } from '@aws-sdk/client-sqs'
import middy from '@middy/core'
import { type IdempotencyStore, idempotency } from '@repo/idempotency'
import { assertEventBridgeEvent, createLogger, type Logger } from '@repo/runtime'
import type { Context } from 'aws-lambda'
import type { Config } from './config.ts'
import { classify, type IncomingEvent, idempotencyKeyOf, isNotifiedState } from './events.ts'
import { runHousekeeping } from './housekeeping.ts'
import { notificationFor, sendNotification } from './pipeline-notification.ts'
import { type HousekeepingReport, writeReport } from './report.ts'

export interface HandlerDependencies {
  config: Config
  s3: S3Client
  sqs: SQSClient
  store: IdempotencyStore
  /** Default: the shared JSON logger at `AWS_LAMBDA_LOG_LEVEL`. */
  logger?: Logger
  /** Clock for the idempotency records (tests pass a virtual one). */
  now?: () => number
}

export type Outcome =
  | { kind: 'housekeeping'; report: HousekeepingReport }
  | { kind: 'notified'; messageId: string | undefined; state: string }
  | { kind: 'ignored'; reason: string }

export const createHandler = ({
  config,
  s3,
  sqs,
  store,
  logger = createLogger(),
  now,
}: HandlerDependencies) => {
  const handle = async (event: IncomingEvent): Promise<Outcome> => {
    const classified = classify(event)

    if (classified.kind === 'schedule') {
      const result = await runHousekeeping(s3, config, classified)
      const report = await writeReport(
        s3,
        config.uploadsBucket,
        config.reportsPrefix,
        classified,
        result,
      )
      logger.info('housekeeping done', {
        rule: report.rule,
        scheduledTime: report.scheduledTime,
        deleted: report.deleted,
        bytesFreed: report.bytesFreed,
      })
      return { kind: 'housekeeping', report }
    }

    // The rule only sends end states; a wider rule must not turn every STARTED into a message.
    if (!isNotifiedState(classified.state)) {
      return { kind: 'ignored', reason: `state ${classified.state} is not notified` }
    }
    const messageId = await sendNotification(
      sqs,
      config.notificationsQueueUrl,
      notificationFor(classified),
    )
    return { kind: 'notified', messageId, state: classified.state }
  }

  return (
    middy<IncomingEvent, Outcome, Error, Context>(handle)
      // First: the idempotency key is read from the event, so its shape is checked before.
      .use({ before: ({ event }) => assertEventBridgeEvent(event) })
      // Keyed on the tick (rule + scheduled time) or the transition (pipeline, execution, state),
      // not the EventBridge id, which differs between two events for the same thing.
      .use(idempotency<IncomingEvent, Outcome>({ store, key: idempotencyKeyOf, now }))
  )
}
