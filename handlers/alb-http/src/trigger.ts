import { defineHandler } from '@repo/triggers'

/**
 * What invokes this function and what it touches: the deploy stack and the local runner both
 * read this, so what runs locally is what is deployed.
 */
export const declaration = defineHandler({
  name: 'alb-http',
  description: 'HTTP API behind an Application Load Balancer: health, jobs to SQS, files from S3',
  triggers: [
    {
      type: 'alb',
      // No method conditions: a wrong method must reach the function to get its 405 + Allow.
      // '/jobs*' covers POST /jobs and GET /jobs/<id> (ALB allows 3 values per condition).
      routes: [{ priority: 100, pathPatterns: ['/health', '/jobs*', '/objects/*'] }],
      // Answer in multiValueHeaders: several Set-Cookie lines, repeated query parameters.
      multiValueHeaders: true,
      healthCheck: { path: '/health' },
    },
  ],
  resources: [
    // The jobs queue and table belong to jobs-worker's stack (deploy it first): used by name.
    {
      kind: 'queue',
      name: 'jobs-worker-jobs-queue',
      access: 'write',
      environmentVariable: 'JOBS_QUEUE_URL',
    },
    {
      kind: 'table',
      name: 'jobs-worker-jobs-table',
      access: 'read-write',
      environmentVariable: 'JOBS_TABLE_NAME',
    },
    { kind: 'bucket', ref: 'FilesBucket', access: 'read', environmentVariable: 'FILES_BUCKET' },
    {
      kind: 'table',
      ref: 'IdempotencyTable',
      access: 'read-write',
      environmentVariable: 'IDEMPOTENCY_TABLE_NAME',
    },
  ],
  // An ALB waits at most its idle timeout (60 s by default); answer well before.
  function: { memorySize: 256, timeout: 10 },
})
