import { defineHandler } from '@repo/triggers'
import { TRIGGER_PREFIX, TRIGGER_SUFFIX } from './trigger-filter.ts'

export { TRIGGER_PREFIX, TRIGGER_SUFFIX }

/**
 * What invokes this function, read by the deploy stack and the local runner: the single source
 * of truth. S3 invokes asynchronously: Lambda retries a failed event twice, then sends the
 * invocation record (with the original event) to the on-failure queue.
 */
export const declaration = defineHandler({
  name: 's3-objects',
  description: 'Summarises every CSV uploaded under incoming/ (rows, header, bytes, SHA-256).',
  triggers: [
    {
      type: 's3',
      bucket: { ref: 'UploadsBucket' },
      events: [
        's3:ObjectCreated:*',
        's3:ObjectRemoved:*',
        's3:ObjectRestore:Completed',
        's3:Replication:*',
      ],
      filter: { prefix: TRIGGER_PREFIX, suffix: TRIGGER_SUFFIX },
    },
  ],
  asyncPolicy: {
    maximumRetryAttempts: 2,
    maximumEventAgeInSeconds: 21_600,
    onFailure: { queue: { ref: 'S3ObjectsFailures' } },
  },
  resources: [
    { kind: 'bucket', ref: 'UploadsBucket', access: 'read-write' },
    {
      kind: 'queue',
      ref: 'S3ObjectsResults',
      access: 'write',
      environmentVariable: 'RESULTS_QUEUE_URL',
    },
    {
      kind: 'table',
      ref: 'IdempotencyTable',
      access: 'read-write',
      environmentVariable: 'IDEMPOTENCY_TABLE_NAME',
    },
  ],
  // Streaming keeps memory flat; time grows with the object (~6 s per GiB on a 2-core dev box).
  function: { memorySize: 256, timeout: 900 },
})
