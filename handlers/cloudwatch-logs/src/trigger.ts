import { defineHandler } from '@repo/triggers'

/**
 * What invokes this function and how: read by the deploy stack and the local runner.
 * Subscription filters invoke Lambda asynchronously; a batch that cannot be decoded or
 * stored fails, is retried twice and then lands, unchanged, in the on-failure queue.
 */
export const declaration = defineHandler({
  name: 'cloudwatch-logs',
  description: 'Archives log batches to S3 (redacted, gzipped NDJSON) and alerts on errors',
  triggers: [
    {
      type: 'cloudwatch-logs',
      logGroup: { name: '/aws/lambda/orders-api' },
      filterName: 'orders-api-to-archive',
      filterPattern: '',
    },
  ],
  asyncPolicy: {
    maximumRetryAttempts: 2,
    maximumEventAgeInSeconds: 21_600,
    onFailure: { queue: { ref: 'LogBatchFailures' } },
  },
  resources: [
    { kind: 'bucket', ref: 'LogArchive', access: 'write', environmentVariable: 'ARCHIVE_BUCKET' },
    { kind: 'queue', ref: 'Alerts', access: 'write', environmentVariable: 'ALERTS_QUEUE_URL' },
    {
      kind: 'table',
      ref: 'IdempotencyTable',
      access: 'read-write',
      environmentVariable: 'IDEMPOTENCY_TABLE_NAME',
    },
  ],
  // A 1 MB batch inflates to a few MB of objects; 512 MB keeps it well inside memory and fast.
  function: { memorySize: 512, timeout: 60 },
})
