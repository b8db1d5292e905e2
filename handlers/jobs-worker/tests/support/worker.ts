import { randomUUID } from 'node:crypto'
import { SendMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs'
import { DynamoDBStore } from '@repo/idempotency'
import { type JobMessage, JobTable } from '@repo/jobs'
import {
  invoke,
  type LocalAws,
  type LocalAwsOptions,
  pollSqsOnce,
  type SqsBatchReport,
  type SqsEventSourceOptions,
} from '@repo/shared/harness'
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import type { Config } from '../../src/config.ts'
import { createHandler } from '../../src/handler.ts'
import { defaultJobTypes, type JobType } from '../../src/job-types.ts'

export const MAX_RECEIVE_COUNT = 3

/** The queues, tables and bucket the worker uses, as the jobs-worker stack creates them. */
export const localAwsResources: LocalAwsOptions = {
  queues: [
    'jobs-dlq',
    'jobs',
    { name: 'jobs-dlq.fifo', attributes: { FifoQueue: 'true' } },
    { name: 'jobs.fifo', attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } },
  ],
  tables: [
    { name: 'jobs-table', partitionKey: 'id' },
    { name: 'idempotency', partitionKey: 'id' },
  ],
  buckets: ['results'],
}

/** The redrive policy the stack gives the jobs queue: the DLQ after MAX_RECEIVE_COUNT receives. */
export const applyRedrivePolicy = async (aws: LocalAws): Promise<void> => {
  for (const [queue, deadLetters] of [
    ['jobs', 'jobs-dlq'],
    ['jobs.fifo', 'jobs-dlq.fifo'],
  ] as const) {
    await aws.clients.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: aws.queueUrl(queue),
        Attributes: {
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: aws.queues[deadLetters]?.arn,
            maxReceiveCount: MAX_RECEIVE_COUNT,
          }),
        },
      }),
    )
  }
}

export const config: Config = {
  jobsTableName: 'jobs-table',
  resultsBucket: 'results',
  maxReceiveCount: MAX_RECEIVE_COUNT,
}

/** Job types that count their runs; `hold` lets a test keep a run going until it says so. */
export const countingJobTypes = () => {
  const runs: string[] = []
  let hold: Promise<void> | undefined
  const counted = (type: string, inner: JobType): JobType => ({
    run: async (payload) => {
      runs.push(type)
      await hold
      return inner.run(payload)
    },
  })
  const types = new Map<string, JobType>(
    [...defaultJobTypes].map(([type, jobType]) => [type, counted(type, jobType)]),
  )
  types.set(
    'flaky',
    counted('flaky', {
      run: () => {
        throw new Error('the downstream service is unavailable')
      },
    }),
  )
  return {
    types,
    runs,
    holdRuns: (until: Promise<void>) => {
      hold = until
    },
  }
}

export const buildWorker = (aws: LocalAws, jobTypes = countingJobTypes()) => {
  const jobs = new JobTable({ client: aws.clients.dynamodb, tableName: 'jobs-table' })
  const handler = createHandler({
    config,
    s3: aws.clients.s3,
    jobs,
    store: new DynamoDBStore({ client: aws.clients.dynamodb, tableName: 'idempotency' }),
    jobTypes: jobTypes.types,
  })
  /** Invokes as Lambda would: a function error rejects (the whole batch returns). */
  const invokeFunction = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const run = await invoke(handler, event, { timeoutSeconds: 30 })
    if (run.status !== 'success') throw new Error(run.error.errorMessage)
    return run.result
  }
  return { handler, jobs, jobTypes, invokeFunction }
}

/** A job message as alb-http sends it. */
export const jobMessage = (type: string, payload: Record<string, unknown> = {}): JobMessage => ({
  jobId: randomUUID(),
  type,
  payload,
  acceptedAt: new Date().toISOString(),
})

export const sendJob = async (
  aws: LocalAws,
  body: JobMessage | string,
  queue = 'jobs',
  messageGroupId?: string,
): Promise<string> => {
  const output = await aws.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: aws.queueUrl(queue),
      MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
      ...(messageGroupId !== undefined ? { MessageGroupId: messageGroupId } : {}),
    }),
  )
  return output.MessageId ?? ''
}

/** The jobs queue's event source mapping; failed messages come back at once (no visibility wait). */
export const mappingOptions = (aws: LocalAws, queue = 'jobs'): SqsEventSourceOptions => ({
  sqs: aws.clients.sqs,
  queueUrl: aws.queueUrl(queue),
  queueArn: aws.queues[queue]?.arn ?? '',
  batchSize: 10,
  waitTimeSeconds: 0,
  retryVisibilitySeconds: 0,
})

/** Polls until the queue gives nothing (or `maxPolls`): every batch's report, in order. */
export const drain = async (
  aws: LocalAws,
  invokeFunction: (event: SQSEvent) => Promise<unknown>,
  maxPolls = 20,
  queue = 'jobs',
): Promise<SqsBatchReport[]> => {
  const reports: SqsBatchReport[] = []
  for (let poll = 0; poll < maxPolls; poll++) {
    const report = await pollSqsOnce(mappingOptions(aws, queue), invokeFunction)
    if (report === undefined) break
    reports.push(report)
  }
  return reports
}
