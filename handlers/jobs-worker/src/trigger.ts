import { defineHandler } from '@repo/triggers'

/** Receives before the redrive policy moves a message to the DLQ; the handler reads it too. */
const maxReceiveCount = 3

/**
 * Polled from the jobs queue by an event source mapping. This stack owns the queue (its
 * visibility timeout and redrive policy follow from this function's timeout and retry budget)
 * and the jobs table; both get fixed names (`jobs-worker-jobs-queue`, `jobs-worker-jobs-table`)
 * so alb-http, deployed from its own stack, uses them by name. Deploy this stack first.
 */
export const declaration = defineHandler({
  name: 'jobs-worker',
  description:
    'Runs the jobs alb-http accepts: SQS batches with partial failures, job status in DynamoDB',
  triggers: [
    {
      type: 'sqs',
      queue: { ref: 'JobsQueue' },
      batchSize: 10,
      // Up to 1 s to fill a batch: fewer, fuller invocations under load, ≤ 1 s added latency.
      maximumBatchingWindowInSeconds: 1,
      // A burst of jobs cannot take the account's whole concurrency.
      maximumConcurrency: 5,
      // 6 × the 30 s timeout: a message never reappears while its batch may still run.
      visibilityTimeoutSeconds: 180,
      maxReceiveCount,
    },
  ],
  resources: [
    {
      kind: 'table',
      ref: 'JobsTable',
      access: 'read-write',
      environmentVariable: 'JOBS_TABLE_NAME',
      shared: true,
    },
    {
      kind: 'bucket',
      ref: 'ResultsBucket',
      access: 'write',
      environmentVariable: 'RESULTS_BUCKET',
    },
    {
      kind: 'table',
      ref: 'IdempotencyTable',
      access: 'read-write',
      environmentVariable: 'IDEMPOTENCY_TABLE_NAME',
    },
  ],
  function: {
    memorySize: 256,
    timeout: 30,
    environment: { MAX_RECEIVE_COUNT: String(maxReceiveCount) },
  },
})
