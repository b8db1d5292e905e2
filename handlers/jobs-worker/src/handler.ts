import type { S3Client } from '@aws-sdk/client-s3'
import middy from '@middy/core'
import {
  type IdempotencyStore,
  processRecordsOnce,
  type RecordOutcome,
  toSqsBatchResponse,
} from '@repo/idempotency'
import type { JobTable } from '@repo/jobs'
import { assertSqsEvent, createLogger, type Logger } from '@repo/runtime'
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import type { Config } from './config.ts'
import { DeadlineNearError, MessageGroupBlockedError } from './errors.ts'
import { defaultJobTypes, type JobType } from './job-types.ts'
import { type JobOutcome, runJob } from './run-job.ts'

export interface HandlerDependencies {
  config: Config
  s3: S3Client
  /** The job status records (@repo/jobs), on JOBS_TABLE_NAME. */
  jobs: JobTable
  /** Per-message idempotency records (keyed on messageId): DynamoDB when deployed. */
  store: IdempotencyStore
  /** Default: `report` and `noop`. */
  jobTypes?: ReadonlyMap<string, JobType>
  /** Default: the shared JSON logger at `AWS_LAMBDA_LOG_LEVEL`. */
  logger?: Logger
  /** Epoch ms, for the idempotency records and the job lease. */
  now?: () => number
}

/** Lanes run at once: each waits on S3 and DynamoDB, so a batch of 10 need not take 10 × as long. */
export const MAX_LANES_IN_FLIGHT = 10

/**
 * A message is not started with less time than this left: a timeout would fail the whole batch
 * (the finished messages too), so the rest go back to the queue as batch item failures instead.
 */
export const DEADLINE_MARGIN_MS = 1_000

/**
 * The batch split into lanes that may run side by side. On a FIFO queue a lane is one message
 * group, run in order; on a standard queue every message is its own lane.
 */
const lanesOf = (records: readonly SQSRecord[]): number[][] => {
  const lanes = new Map<string, number[]>()
  records.forEach((record, index) => {
    const fifo = record.eventSourceARN.endsWith('.fifo')
    const key = fifo ? `group:${record.attributes.MessageGroupId ?? ''}` : `message:${index}`
    const lane = lanes.get(key) ?? []
    lane.push(index)
    lanes.set(key, lane)
  })
  return [...lanes.values()]
}

const runLanes = async (lanes: number[][], runLane: (lane: number[]) => Promise<void>) => {
  const pending = [...lanes]
  const worker = async () => {
    for (let lane = pending.shift(); lane !== undefined; lane = pending.shift()) await runLane(lane)
  }
  await Promise.all(Array.from({ length: Math.min(MAX_LANES_IN_FLIGHT, lanes.length) }, worker))
}

/**
 * The SQS handler: every message once (per-message idempotency on messageId), and a partial
 * batch response naming only the messages that failed, so the others are deleted and never run
 * again. On FIFO, the first failure in a group also returns every later message of that group.
 */
export const createHandler = ({
  config,
  s3,
  jobs,
  store,
  jobTypes = defaultJobTypes,
  logger = createLogger(),
  now = Date.now,
}: HandlerDependencies) => {
  const run = runJob({
    s3,
    jobs,
    resultsBucket: config.resultsBucket,
    maxReceiveCount: config.maxReceiveCount,
    jobTypes,
    logger,
    now,
  })

  const handle = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const records = event.Records
    const outcomes: RecordOutcome<JobOutcome>[] = new Array(records.length)
    await runLanes(lanesOf(records), async (lane) => {
      let blockedBy: SQSRecord | undefined
      for (const index of lane) {
        const record = records[index] as SQSRecord
        if (blockedBy !== undefined) {
          const group = record.attributes.MessageGroupId ?? ''
          outcomes[index] = {
            status: 'failed',
            error: new MessageGroupBlockedError(group, blockedBy.messageId),
          }
          continue
        }
        const remainingMs = context.getRemainingTimeInMillis()
        if (remainingMs <= DEADLINE_MARGIN_MS) {
          outcomes[index] = { status: 'failed', error: new DeadlineNearError(remainingMs) }
          blockedBy = record
          continue
        }
        const [outcome] = await processRecordsOnce([record], (one) => run(one, context), {
          store,
          context,
          now,
        })
        const settled = outcome ?? { status: 'failed', error: new Error('no outcome') }
        outcomes[index] = settled
        if (settled.status === 'failed') {
          blockedBy = record
          logger.error('message failed; it returns to the queue', {
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            error: settled.error,
          })
        }
      }
    })
    const response = toSqsBatchResponse(records, outcomes)
    logger.info('batch done', {
      messages: records.length,
      failed: response.batchItemFailures.length,
    })
    return response
  }

  return (
    middy<SQSEvent, SQSBatchResponse, Error, Context>(handle)
      // Nothing reads the event before its shape is checked: a typed refusal, not a TypeError.
      .use({ before: ({ event }) => assertSqsEvent(event) })
  )
}
