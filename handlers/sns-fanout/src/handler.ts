import type { SQSClient } from '@aws-sdk/client-sqs'
import middy from '@middy/core'
import { type IdempotencyStore, processRecordsOnce, type RecordOutcome } from '@repo/idempotency'
import { assertSnsEvent, createLogger, type Logger, runInWindows } from '@repo/runtime'
import type { Context, SNSEvent, SNSEventRecord } from 'aws-lambda'
import { createBatchGate } from './batch-gate.ts'
import type { OutgoingMessage } from './batches.ts'
import type { Config } from './config.ts'
import { type Delivered, deliverAll } from './deliver.ts'
import { FanoutIncompleteError } from './errors.ts'
import { DEADLINE_MARGIN_MS, MAX_RECORDS_IN_FLIGHT } from './limits.ts'
import { outgoingMessage } from './outgoing-message.ts'
import { routeOf } from './route.ts'
import type { RetryPolicy } from './send-batch.ts'

export interface HandlerDependencies {
  config: Config
  sqs: SQSClient
  store: IdempotencyStore
  /** Retries of entries SQS failed inside a batch. Default: 3 attempts, 100 ms then 200 ms apart. */
  retry?: Partial<RetryPolicy>
  /** Default: the shared JSON logger at `AWS_LAMBDA_LOG_LEVEL`. */
  logger?: Logger
  /** Clock for the idempotency records (tests pass a virtual one). */
  now?: () => number
}

export interface Forwarded {
  type: string | null
  queueUrl: string
  sqsMessageId: string
}

export interface FanoutResult {
  forwarded: number
  /** Records an earlier delivery already forwarded. */
  replayed: number
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const createHandler = ({
  config,
  sqs,
  store,
  retry,
  logger = createLogger(),
  now,
}: HandlerDependencies) => {
  const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, sleep: realSleep, ...retry }

  /**
   * One window of records: each gets its own lock (keyed on its SNS MessageId), all at once, so
   * their sends can share batches; the gate sends when every record has submitted or finished.
   */
  const forwardWindow = async (
    records: readonly SNSEventRecord[],
    context: Context,
  ): Promise<RecordOutcome<Forwarded>[]> => {
    const gate = createBatchGate<OutgoingMessage, Delivered>(records.length, async (submitted) => {
      const outcomes = await deliverAll(sqs, [...submitted.values()], policy)
      return new Map(
        [...submitted].map(([index, message]) => [
          index,
          outcomes.get(message.id) ?? new Error('not sent'),
        ]),
      )
    })

    const forwardOne = async (record: SNSEventRecord, index: number): Promise<Forwarded> => {
      const route = routeOf(record, config)
      const { message, dropped } = outgoingMessage(String(index), record, route)
      if (dropped.length > 0) {
        logger.warn('attributes over the SQS limit of 10 not carried', {
          snsMessageId: record.Sns.MessageId,
          dropped,
        })
      }
      const delivered = await gate.submit(index, message)
      return {
        type: route.type ?? null,
        queueUrl: delivered.queueUrl,
        sqsMessageId: delivered.sqsMessageId,
      }
    }

    return Promise.all(
      records.map(async (record, index) => {
        try {
          const [outcome] = await processRecordsOnce([record], (one) => forwardOne(one, index), {
            store,
            context,
            now,
          })
          return outcome ?? { status: 'failed', error: new Error('no outcome') }
        } finally {
          gate.withdraw(index)
        }
      }),
    )
  }

  const handle = async (event: SNSEvent, context: Context): Promise<FanoutResult> => {
    const records = event.Records
    // Windows of MAX_RECORDS_IN_FLIGHT, one after another: a batch of 10 000 never holds 10 000
    // locks and queues 10 000 requests at once, and what is done stays done when time runs out.
    const outcomes = await runInWindows(
      records,
      { size: MAX_RECORDS_IN_FLIGHT, marginMs: DEADLINE_MARGIN_MS, context },
      (window) => forwardWindow(window, context),
    )

    const failures = outcomes.flatMap((outcome, index) =>
      outcome.status === 'failed'
        ? [{ messageId: records[index]?.Sns.MessageId ?? `#${index}`, error: outcome.error }]
        : [],
    )
    const done = outcomes.length - failures.length
    const notStarted = records.length - outcomes.length
    if (failures.length > 0 || notStarted > 0) {
      throw new FanoutIncompleteError({ total: records.length, done, failures, notStarted })
    }
    return {
      forwarded: outcomes.filter((outcome) => outcome.status === 'processed').length,
      replayed: outcomes.filter((outcome) => outcome.status === 'replayed').length,
    }
  }

  return (
    middy<SNSEvent, FanoutResult, Error, Context>(handle)
      // Nothing reads the event before its shape is checked: a typed refusal, not a TypeError.
      .use({ before: ({ event }) => assertSnsEvent(event) })
  )
}
