import {
  ACTION_STATES,
  actionExecutionStateChange,
  albHealthCheck,
  albRequest,
  cloudFrontRequestEvent,
  cloudFrontResponseEvent,
  cloudWatchLogsControlEvent,
  cloudWatchLogsEvent,
  codePipelineJob,
  FixtureError,
  PIPELINE_STATES,
  pipelineArtifact,
  pipelineExecutionStateChange,
  type S3EventName,
  STAGE_STATES,
  s3Event,
  s3Record,
  s3TestEvent,
  scheduledEvent,
  snsEvent,
  snsRecord,
  sqsEvent,
  stageExecutionStateChange,
} from '../fixtures/index.ts'

/**
 * What each trigger can print: its variants (the first is the default), its options,
 * and how options become a builder call. Pure data + builder calls, so the CLI layer
 * only parses and prints.
 */
export interface OptionSpec {
  flags: string
  description: string
  choices?: readonly string[]
  /** Repeatable options collect every value into an array. */
  repeatable?: boolean
}

export type CliOptions = Record<string, string | string[] | boolean | undefined>

export interface TriggerSpec {
  description: string
  variants: readonly string[]
  options: readonly OptionSpec[]
  build: (variant: string, options: CliOptions) => unknown
}

const text = (options: CliOptions, name: string): string | undefined => {
  const value = options[name]
  return typeof value === 'string' ? value : undefined
}

const list = (options: CliOptions, name: string): string[] | undefined => {
  const value = options[name]
  return Array.isArray(value) ? value : undefined
}

const integer = (options: CliOptions, name: string): number | undefined => {
  const value = text(options, name)
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!Number.isInteger(parsed))
    throw new FixtureError(`--${name} must be an integer, got "${value}".`)
  return parsed
}

/** `--header "name: value"` → `{ name: [value] }`, keeping repeats (any name, `__proto__` too). */
const headers = (options: CliOptions): Record<string, string[]> => {
  const result = new Map<string, string[]>()
  for (const header of list(options, 'header') ?? []) {
    const separator = header.indexOf(':')
    if (separator <= 0)
      throw new FixtureError(`--header must look like "name: value", got "${header}".`)
    const name = header.slice(0, separator).trim()
    result.set(name, [...(result.get(name) ?? []), header.slice(separator + 1).trim()])
  }
  return Object.fromEntries(result)
}

/** `--state` lists every state; each variant accepts only its own. */
const stateOption = <T extends string>(
  options: CliOptions,
  allowed: readonly T[],
  variant: string,
): { state?: T } => {
  const state = text(options, 'state')
  if (state === undefined) return {}
  const match = allowed.find((candidate) => candidate === state)
  if (match === undefined)
    throw new FixtureError(
      `--state ${state} does not apply to ${variant} events; use one of: ${allowed.join(', ')}.`,
    )
  return { state: match }
}

const S3_VARIANTS: Record<string, S3EventName | 'test-event'> = {
  put: 'ObjectCreated:Put',
  post: 'ObjectCreated:Post',
  copy: 'ObjectCreated:Copy',
  'complete-multipart-upload': 'ObjectCreated:CompleteMultipartUpload',
  delete: 'ObjectRemoved:Delete',
  'delete-marker-created': 'ObjectRemoved:DeleteMarkerCreated',
  'restore-post': 'ObjectRestore:Post',
  'restore-completed': 'ObjectRestore:Completed',
  'restore-delete': 'ObjectRestore:Delete',
  replication: 'Replication:OperationFailedReplication',
  'replication-missed-threshold': 'Replication:OperationMissedThreshold',
  'replication-after-threshold': 'Replication:OperationReplicatedAfterThreshold',
  'replication-not-tracked': 'Replication:OperationNotTracked',
  'lifecycle-expiration': 'LifecycleExpiration:Delete',
  'lifecycle-transition': 'LifecycleTransition',
  'intelligent-tiering': 'IntelligentTiering',
  'tagging-put': 'ObjectTagging:Put',
  'acl-put': 'ObjectAcl:Put',
  'test-event': 'test-event',
}

const REGION: OptionSpec = { flags: '--region <region>', description: 'AWS region' }

export const TRIGGERS: Record<string, TriggerSpec> = {
  alb: {
    description: 'Application Load Balancer request to a Lambda target',
    variants: ['get', 'post', 'health-check'],
    options: [
      { flags: '--path <path>', description: 'request path (default "/", post: "/orders")' },
      {
        flags: '--query <query>',
        description: 'raw query string, kept encoded as ALB does (a=1&b=x%20y)',
      },
      {
        flags: '--header <name: value>',
        description: 'extra header, repeatable',
        repeatable: true,
      },
      { flags: '--body <body>', description: 'request body (post default: a JSON order)' },
      { flags: '--multi-value', description: 'target group with multi-value headers enabled' },
    ],
    build: (variant, options) => {
      const multiValue = options.multiValue === true
      const path = text(options, 'path')
      if (variant === 'health-check')
        return albHealthCheck({ multiValue, ...(path ? { path } : {}) })
      const post = variant === 'post'
      return albRequest({
        method: post ? 'POST' : 'GET',
        path: path ?? (post ? '/orders' : '/'),
        query: text(options, 'query') ?? '',
        headers: headers(options),
        multiValue,
        ...(post ? { body: text(options, 'body') ?? '{"orderId":"o-1001","quantity":2}' } : {}),
      })
    },
  },
  s3: {
    description: 'S3 event notification (one record), or the s3:TestEvent',
    variants: Object.keys(S3_VARIANTS),
    options: [
      { flags: '--bucket <name>', description: 'bucket name' },
      {
        flags: '--key <key>',
        description: 'object key, unencoded (the event carries it form-URL-encoded)',
      },
      { flags: '--size <bytes>', description: 'object size' },
      REGION,
    ],
    build: (variant, options) => {
      const bucket = text(options, 'bucket')
      const eventName = S3_VARIANTS[variant] ?? 'ObjectCreated:Put'
      if (eventName === 'test-event') return s3TestEvent(bucket ? { bucket } : {})
      const size = integer(options, 'size')
      const key = text(options, 'key')
      const region = text(options, 'region')
      return s3Event([
        s3Record({
          eventName,
          ...(bucket ? { bucket } : {}),
          ...(key !== undefined ? { key } : {}),
          ...(size !== undefined ? { size } : {}),
          ...(region ? { region } : {}),
        }),
      ])
    },
  },
  eventbridge: {
    description: 'EventBridge schedule tick or CodePipeline state change',
    variants: ['scheduled-rate', 'scheduled-cron', 'pipeline', 'stage', 'action'],
    options: [
      { flags: '--rule <name>', description: 'schedule rule name' },
      { flags: '--time <iso>', description: 'event time' },
      { flags: '--pipeline <name>', description: 'pipeline name' },
      {
        flags: '--state <state>',
        description: 'execution state',
        choices: [...new Set([...PIPELINE_STATES, ...STAGE_STATES, ...ACTION_STATES])],
      },
      REGION,
    ],
    build: (variant, options) => {
      const time = text(options, 'time')
      const region = text(options, 'region')
      const common = { ...(time ? { time } : {}), ...(region ? { region } : {}) }
      if (variant === 'scheduled-rate' || variant === 'scheduled-cron') {
        const cron = variant === 'scheduled-cron'
        return scheduledEvent({
          rule: text(options, 'rule') ?? (cron ? 'nightly-0200-utc' : 'every-5-minutes'),
          time: time ?? (cron ? '2024-01-02T02:00:00Z' : '2024-01-01T12:05:00Z'),
          ...(region ? { region } : {}),
        })
      }
      const pipeline = text(options, 'pipeline')
      const base = { ...common, ...(pipeline ? { pipeline } : {}) }
      if (variant === 'pipeline')
        return pipelineExecutionStateChange({
          ...base,
          ...stateOption(options, PIPELINE_STATES, variant),
        })
      if (variant === 'stage')
        return stageExecutionStateChange({
          ...base,
          ...stateOption(options, STAGE_STATES, variant),
        })
      return actionExecutionStateChange({
        ...base,
        ...stateOption(options, ACTION_STATES, variant),
      })
    },
  },
  sns: {
    description: 'SNS notification delivered to Lambda',
    variants: ['notification', 's3-notification'],
    options: [
      { flags: '--message <text>', description: 'message body' },
      { flags: '--subject <text>', description: 'subject (absent by default)' },
      { flags: '--topic <name>', description: 'topic name' },
      REGION,
    ],
    build: (variant, options) => {
      const subject = text(options, 'subject')
      const topic = text(options, 'topic')
      const region = text(options, 'region')
      return snsEvent([
        snsRecord({
          message:
            variant === 's3-notification'
              ? s3Event()
              : (text(options, 'message') ?? 'Hello from SNS!'),
          ...(subject !== undefined ? { subject } : {}),
          ...(topic ? { topic } : {}),
          ...(region ? { region } : {}),
          attributes: { source: 'cli', attempt: 1 },
        }),
      ])
    },
  },
  codepipeline: {
    description: 'CodePipeline job for a Lambda invoke action',
    variants: ['job', 'continuation', 'kms'],
    options: [
      {
        flags: '--user-parameters <text>',
        description: 'the action UserParameters (absent by default)',
      },
      { flags: '--function-name <name>', description: 'the invoked function' },
    ],
    build: (variant, options) => {
      const userParameters = text(options, 'userParameters')
      const functionName = text(options, 'functionName')
      return codePipelineJob({
        ...(userParameters !== undefined ? { userParameters } : {}),
        ...(functionName ? { functionName } : {}),
        outputArtifacts: [pipelineArtifact({ name: 'BuildArtifact' })],
        ...(variant === 'continuation' ? { continuationToken: 'step-2' } : {}),
        ...(variant === 'kms'
          ? {
              kmsKeyArn:
                'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            }
          : {}),
      })
    },
  },
  'cloudwatch-logs': {
    description: 'CloudWatch Logs subscription delivery (awslogs.data = base64 of gzip)',
    variants: ['data', 'control'],
    options: [
      { flags: '--log-group <name>', description: 'log group name' },
      { flags: '--message <text>', description: 'log event message, repeatable', repeatable: true },
    ],
    build: (variant, options) => {
      if (variant === 'control') return cloudWatchLogsControlEvent()
      const logGroup = text(options, 'logGroup')
      const messages = list(options, 'message')
      return cloudWatchLogsEvent({
        ...(logGroup ? { logGroup } : {}),
        ...(messages ? { logEvents: messages } : {}),
      })
    },
  },
  sqs: {
    description: 'SQS batch from an event source mapping',
    variants: ['standard', 'fifo'],
    options: [
      { flags: '--body <text>', description: 'message body' },
      { flags: '--queue <name>', description: 'queue name (fifo adds .fifo)' },
      { flags: '--count <n>', description: 'records in the batch (1-10)' },
    ],
    build: (variant, options) => {
      const count = integer(options, 'count') ?? 1
      if (count < 1 || count > 10)
        throw new FixtureError(`--count must be between 1 and 10, got ${count}.`)
      const name = text(options, 'queue') ?? 'example-queue'
      const queue = variant === 'fifo' && !name.endsWith('.fifo') ? `${name}.fifo` : name
      const body = text(options, 'body')
      return sqsEvent(
        Array.from({ length: count }, () => ({ queue, ...(body !== undefined ? { body } : {}) })),
      )
    },
  },
  cloudfront: {
    description: 'Lambda@Edge request or response event',
    variants: ['viewer-request', 'origin-request', 'viewer-response', 'origin-response'],
    options: [
      { flags: '--uri <uri>', description: 'request URI' },
      { flags: '--querystring <qs>', description: 'query string without "?"' },
      { flags: '--status <code>', description: 'response status (responses only)' },
    ],
    build: (variant, options) => {
      const uri = text(options, 'uri')
      const querystring = text(options, 'querystring')
      const request = { ...(uri ? { uri } : {}), ...(querystring ? { querystring } : {}) }
      if (variant === 'viewer-request' || variant === 'origin-request')
        return cloudFrontRequestEvent({ ...request, eventType: variant })
      const status = integer(options, 'status')
      return cloudFrontResponseEvent({
        ...request,
        eventType: variant === 'viewer-response' ? 'viewer-response' : 'origin-response',
        ...(status !== undefined ? { status } : {}),
      })
    },
  },
}
