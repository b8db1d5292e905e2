/**
 * What differs per regional trigger in a generated handler; everything else is one set of
 * templates (templates/handler/).
 */
export interface TriggerTemplate {
  /** The `triggers: [...]` entry (TypeScript source; `{{name}}` is filled in). */
  declaration: string
  /** `asyncPolicy` for async triggers; ALB is synchronous. */
  asyncPolicy: boolean
  /** The @types/aws-lambda event type the handler takes, and the name to import. */
  eventType: string
  eventImport: string
  /** The items one event carries, as `src/items.ts` lists them (a function body over `event`). */
  itemsOf: string
  /** What one item is, in the README and in `TooManyItemsError`'s message. */
  itemNoun: string
  /** Imports `src/items.ts` needs (whole lines), besides the event type. */
  itemsImports: string
  /** A test event with exactly one item, and one with two (`{{name}}` is filled in). */
  testEvent: string
  twoItemEvent: string
  /** The names the test events use from @repo/shared. */
  builders: string
  /**
   * @repo/runtime's check of the event's shape, run before anything reads the event (the
   * idempotency key first): a malformed event is refused by name, never a TypeError inside.
   */
  shapeGuard?: string
}

export const triggerTemplates: Record<string, TriggerTemplate> = {
  alb: {
    declaration:
      "{ type: 'alb', routes: [{ priority: 200, pathPatterns: ['/{{name}}/*'] }], multiValueHeaders: false }",
    asyncPolicy: false,
    eventType: 'ALBEvent',
    eventImport: 'ALBEvent',
    // ALB does not decode the query string; the names are what the client sent.
    itemsOf: 'return Object.keys(event.queryStringParameters ?? {})',
    itemNoun: 'query parameter',
    shapeGuard: 'assertAlbEvent',
    itemsImports: '',
    builders: 'albRequest',
    testEvent:
      "albRequest({ method: 'POST', path: '/{{name}}/items', query: { a: '1' }, body: '{\"a\":1}', headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' } })",
    twoItemEvent:
      "albRequest({ method: 'POST', path: '/{{name}}/items', query: { a: '1', b: '2' }, body: '{\"a\":1}', headers: { 'content-type': 'application/json', 'idempotency-key': 'k-2' } })",
  },
  s3: {
    declaration:
      "{ type: 's3', bucket: { ref: 'InputBucket' }, events: ['s3:ObjectCreated:*'], filter: { prefix: 'in/' } }",
    asyncPolicy: true,
    eventType: 'S3Event',
    eventImport: 'S3Event',
    // Keys arrive URL-encoded ('+' for a space); a malformed one throws MalformedS3KeyError.
    itemsOf: 'return event.Records.map((record) => decodeS3Key(record.s3.object.key))',
    itemNoun: 'record',
    itemsImports: "import { decodeS3Key } from '@repo/runtime'",
    builders: 's3Event, s3Record',
    testEvent: "s3Event([s3Record({ bucket: 'input', key: 'in/a b.csv' })])",
    twoItemEvent:
      "s3Event([s3Record({ bucket: 'input', key: 'in/a.csv' }), s3Record({ bucket: 'input', key: 'in/b.csv' })])",
  },
  eventbridge: {
    declaration: "{ type: 'eventbridge', schedule: 'rate(1 hour)' }",
    asyncPolicy: true,
    eventType: 'EventBridgeEvent<string, unknown>',
    eventImport: 'EventBridgeEvent',
    // A scheduled event names its rule here; other events name what they are about.
    itemsOf: 'return [...event.resources]',
    itemNoun: 'resource',
    shapeGuard: 'assertEventBridgeEvent',
    itemsImports: '',
    builders: 'scheduledEvent',
    testEvent: "scheduledEvent({ rule: '{{name}}-hourly' })",
    twoItemEvent:
      "{ ...scheduledEvent({ rule: '{{name}}-hourly' }), resources: ['arn:aws:events:us-east-1:123456789012:rule/a', 'arn:aws:events:us-east-1:123456789012:rule/b'] }",
  },
  sns: {
    declaration: "{ type: 'sns', topic: { ref: 'EventsTopic' } }",
    asyncPolicy: true,
    eventType: 'SNSEvent',
    eventImport: 'SNSEvent',
    itemsOf: 'return event.Records.map((record) => record.Sns.MessageId)',
    itemNoun: 'message',
    shapeGuard: 'assertSnsEvent',
    itemsImports: '',
    builders: 'snsEvent, snsRecord',
    testEvent: "snsEvent([snsRecord({ message: 'hello' })])",
    twoItemEvent: "snsEvent([snsRecord({ message: 'one' }), snsRecord({ message: 'two' })])",
  },
  'cloudwatch-logs': {
    declaration:
      "{ type: 'cloudwatch-logs', logGroup: { name: '/aws/lambda/orders-api' }, filterName: '{{name}}', filterPattern: '?ERROR ?WARN' }",
    asyncPolicy: true,
    eventType: 'CloudWatchLogsEvent',
    eventImport: 'CloudWatchLogsEvent',
    // decodedLogs (bounded, typed errors per layer) decodes once for the key and the items.
    itemsOf: `const batch = decodedLogs(event)
  // CloudWatch Logs checks that the destination is reachable with a CONTROL_MESSAGE: no events.
  return batch.messageType === 'CONTROL_MESSAGE' ? [] : batch.logEvents.map((logEvent) => logEvent.id)`,
    itemNoun: 'log event',
    itemsImports: "import { decodedLogs } from '@repo/runtime'",
    builders: 'cloudWatchLogsEvent',
    testEvent: "cloudWatchLogsEvent({ logEvents: ['ERROR something broke'] })",
    twoItemEvent: "cloudWatchLogsEvent({ logEvents: ['ERROR one', 'WARN two'] })",
  },
  sqs: {
    // 6 × the function's 30 s timeout: a message never reappears while its batch still runs.
    declaration:
      "{ type: 'sqs', queue: { ref: 'InputQueue' }, batchSize: 10, visibilityTimeoutSeconds: 180, maxReceiveCount: 3 }",
    // Polled by an event source mapping; a failed message returns to the queue, then its DLQ.
    asyncPolicy: false,
    eventType: 'SQSEvent',
    eventImport: 'SQSEvent',
    itemsOf: 'return event.Records.map((record) => record.messageId)',
    itemNoun: 'message',
    shapeGuard: 'assertSqsEvent',
    itemsImports: '',
    builders: 'sqsEvent',
    testEvent: "sqsEvent([{ body: { orderId: 'o-1' } }])",
    twoItemEvent: "sqsEvent([{ body: { orderId: 'o-1' } }, { body: { orderId: 'o-2' } }])",
  },
  codepipeline: {
    declaration:
      "{ type: 'codepipeline', pipelineName: '{{name}}-pipeline', stageName: 'Verify', actionName: 'Check' }",
    asyncPolicy: true,
    eventType: 'CodePipelineEvent',
    eventImport: 'CodePipelineEvent',
    // The job also carries temporary artifact credentials: never log the event.
    itemsOf:
      "return event['CodePipeline.job'].data.inputArtifacts.map((artifact) => artifact.name)",
    itemNoun: 'input artifact',
    shapeGuard: 'assertCodePipelineEvent',
    itemsImports: '',
    builders: 'codePipelineJob, pipelineArtifact',
    testEvent:
      "codePipelineJob({ functionName: '{{name}}', inputArtifacts: [pipelineArtifact({ name: 'SourceArtifact' })] })",
    twoItemEvent:
      "codePipelineJob({ jobId: '0b6c3a5e-7f2d-4c1b-9a8e-2d4f6b8c0e1a', functionName: '{{name}}', inputArtifacts: [pipelineArtifact({ name: 'SourceArtifact' }), pipelineArtifact({ name: 'BuildArtifact' })] })",
  },
}

/**
 * Triggers whose handler is a Lambda@Edge function: the `edge` anatomy (@repo/repo-checks), with
 * its own templates (templates/edge/) where it differs from the regional ones: configuration baked
 * in at build time, no idempotency store, the stack in us-east-1 with its distribution.
 */
export const edgeTriggers = ['cloudfront'] as const

export const triggerChoices = [...Object.keys(triggerTemplates), ...edgeTriggers]
