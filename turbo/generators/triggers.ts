/** What differs per trigger in a generated handler; everything else is one template. */
export interface TriggerTemplate {
  /** The `triggers: [...]` entry (TypeScript source). */
  declaration: string
  /** `asyncPolicy` for async triggers; ALB is synchronous. */
  asyncPolicy: boolean
  /** The @types/aws-lambda event type the handler takes, and the name to import. */
  eventType: string
  eventImport: string
  /** What the handler returns. */
  resultType: string
  /** A test event from @repo/shared's builders, and the names to import for it. */
  testEvent: string
  builders: string
  /** A one-line summary of the event, returned by the generated logic. */
  summary: string
}

export const triggerTemplates: Record<string, TriggerTemplate> = {
  alb: {
    declaration:
      "{ type: 'alb', routes: [{ priority: 200, pathPatterns: ['/{{name}}/*'] }], multiValueHeaders: false }",
    asyncPolicy: false,
    eventType: 'ALBEvent',
    eventImport: 'ALBEvent',
    resultType: 'ALBResult',
    builders: 'albRequest',
    testEvent:
      "albRequest({ method: 'POST', path: '/{{name}}/items', body: '{\"a\":1}', headers: { 'idempotency-key': 'k-1' } })",
    summary: "[event.httpMethod, event.path].join(' ')",
  },
  s3: {
    declaration:
      "{ type: 's3', bucket: { ref: 'InputBucket' }, events: ['s3:ObjectCreated:*'], filter: { prefix: 'in/' } }",
    asyncPolicy: true,
    eventType: 'S3Event',
    eventImport: 'S3Event',
    resultType: 'string',
    builders: 's3Event, s3Record',
    testEvent: "s3Event([s3Record({ bucket: 'input', key: 'in/a b.csv' })])",
    summary: "event.Records.map((record) => record.s3.object.key).join(', ')",
  },
  eventbridge: {
    declaration: "{ type: 'eventbridge', schedule: 'rate(1 hour)' }",
    asyncPolicy: true,
    eventType: 'EventBridgeEvent<string, unknown>',
    eventImport: 'EventBridgeEvent',
    resultType: 'string',
    builders: 'scheduledEvent',
    testEvent: "scheduledEvent({ rule: '{{name}}-hourly' })",
    summary: "[event['detail-type'], event.id].join(' ')",
  },
  sns: {
    declaration: "{ type: 'sns', topic: { ref: 'EventsTopic' } }",
    asyncPolicy: true,
    eventType: 'SNSEvent',
    eventImport: 'SNSEvent',
    resultType: 'string',
    builders: 'snsEvent, snsRecord',
    testEvent: "snsEvent([snsRecord({ message: 'hello' })])",
    summary: "event.Records.map((record) => record.Sns.MessageId).join(', ')",
  },
  'cloudwatch-logs': {
    declaration:
      "{ type: 'cloudwatch-logs', logGroup: { name: '/aws/lambda/orders-api' }, filterName: '{{name}}', filterPattern: '?ERROR ?WARN' }",
    asyncPolicy: true,
    eventType: 'CloudWatchLogsEvent',
    eventImport: 'CloudWatchLogsEvent',
    resultType: 'string',
    builders: 'cloudWatchLogsEvent',
    testEvent: "cloudWatchLogsEvent({ logEvents: ['ERROR something broke'] })",
    summary: 'event.awslogs.data.slice(0, 16)',
  },
}

export const triggerChoices = Object.keys(triggerTemplates)
