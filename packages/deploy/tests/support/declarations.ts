import { defineHandler } from '@repo/triggers'

const idempotencyTable = {
  kind: 'table',
  ref: 'IdempotencyTable',
  access: 'read-write',
  environmentVariable: 'IDEMPOTENCY_TABLE_NAME',
} as const

/** Small declarations, one per trigger type, each touching the features that trigger wires. */
export const albDeclaration = defineHandler({
  name: 'tiny-alb',
  triggers: [
    {
      type: 'alb',
      routes: [
        { priority: 5, pathPatterns: ['/a/*'], httpMethods: ['GET', 'POST'] },
        { priority: 6, hostHeaders: ['api.example.com'] },
      ],
      multiValueHeaders: true,
      healthCheck: { path: '/health' },
    },
  ],
  resources: [
    { kind: 'bucket', name: 'existing-files-bucket', access: 'read', environmentVariable: 'FILES' },
    idempotencyTable,
  ],
  function: { memorySize: 384, timeout: 7 },
})

export const s3Declaration = defineHandler({
  name: 'tiny-s3',
  triggers: [
    {
      type: 's3',
      bucket: { ref: 'InBucket' },
      events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'],
      filter: { prefix: 'in/', suffix: '.csv' },
    },
  ],
  asyncPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 120 },
  resources: [{ kind: 'bucket', ref: 'InBucket', access: 'read' }],
  function: { memorySize: 512, timeout: 60, environment: { MODE: 'strict' } },
})

export const eventBridgeDeclaration = defineHandler({
  name: 'tiny-events',
  triggers: [
    { type: 'eventbridge', schedule: 'cron(0 12 ? * MON-FRI *)' },
    {
      type: 'eventbridge',
      eventPattern: {
        source: ['aws.codepipeline'],
        'detail-type': ['X'],
        detail: { state: ['FAILED'] },
      },
      eventBusName: 'ops-bus',
    },
  ],
  asyncPolicy: { onFailure: { queue: { ref: 'Dead' } } },
  resources: [
    { kind: 'topic', ref: 'Out', access: 'write', environmentVariable: 'OUT_TOPIC' },
    idempotencyTable,
  ],
})

export const snsDeclaration = defineHandler({
  name: 'tiny-sns',
  triggers: [
    {
      type: 'sns',
      topic: { ref: 'InTopic' },
      filterPolicy: { kind: ['order'], total: [{ numeric: ['>', 0] }] },
      filterPolicyScope: 'MessageBody',
    },
  ],
  asyncPolicy: { maximumRetryAttempts: 0, onFailure: { queue: { ref: 'Failures' } } },
  resources: [
    { kind: 'queue', ref: 'Out', access: 'write', environmentVariable: 'OUT_URL' },
    { kind: 'queue', name: 'someone-elses-queue', access: 'write' },
    idempotencyTable,
  ],
})

export const codePipelineDeclaration = defineHandler({
  name: 'tiny-pipeline',
  triggers: [
    {
      type: 'codepipeline',
      pipelineName: 'tiny-release',
      stageName: 'Check',
      actionName: 'Verify',
      runOrder: 2,
      userParameters: { strict: true },
    },
  ],
  asyncPolicy: { maximumEventAgeInSeconds: 900, onFailure: { queue: { ref: 'PipelineFailures' } } },
  resources: [idempotencyTable],
})

export const cloudWatchLogsDeclaration = defineHandler({
  name: 'tiny-logs',
  triggers: [
    {
      type: 'cloudwatch-logs',
      logGroup: { name: '/aws/lambda/orders' },
      filterName: 'errors',
      filterPattern: '?ERROR ?Exception',
    },
  ],
  resources: [
    { kind: 'table', name: 'existing-table', access: 'read', environmentVariable: 'LOOKUP_TABLE' },
  ],
})

export const sqsDeclaration = defineHandler({
  name: 'tiny-worker',
  triggers: [
    {
      type: 'sqs',
      queue: { ref: 'WorkQueue' },
      batchSize: 25,
      maximumBatchingWindowInSeconds: 2,
      maximumConcurrency: 4,
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 3,
    },
  ],
  resources: [
    idempotencyTable,
    {
      kind: 'table',
      ref: 'StatusTable',
      access: 'read-write',
      environmentVariable: 'STATUS_TABLE',
      shared: true,
    },
  ],
  function: { timeout: 20 },
})

export const fifoSqsDeclaration = defineHandler({
  name: 'tiny-fifo-worker',
  triggers: [
    {
      type: 'sqs',
      queue: { ref: 'OrderedQueue' },
      fifo: true,
      batchSize: 10,
      visibilityTimeoutSeconds: 60,
    },
  ],
  resources: [idempotencyTable],
  function: { timeout: 10 },
})
