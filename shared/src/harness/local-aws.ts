import { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type ScalarAttributeType,
} from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
import { SNSClient } from '@aws-sdk/client-sns'
import { SQSClient } from '@aws-sdk/client-sqs'
import type { FauxqsServer } from 'fauxqs'
import { type CodePipelineEndpoint, startCodePipelineEndpoint } from './codepipeline-endpoint.ts'
import { createDynalite } from './dynalite.ts'
import { LocalAwsError, UnknownLocalResourceError } from './errors.ts'
import { startFauxqsOnLoopback } from './fauxqs.ts'
import { closeServer, listenOnFreePort } from './listen.ts'

export interface LocalQueueSpec {
  name: string
  /** SQS attributes, e.g. `{ VisibilityTimeout: '0' }` or FIFO settings. */
  attributes?: Record<string, string>
}

export interface LocalSubscriptionSpec {
  queue: string
  rawMessageDelivery?: boolean
  filterPolicy?: Record<string, unknown>
  filterPolicyScope?: 'MessageAttributes' | 'MessageBody'
}

export interface LocalTopicSpec {
  name: string
  /** SQS queues (declared in `queues`) that receive what the topic publishes. */
  subscriptions?: (string | LocalSubscriptionSpec)[]
}

export interface LocalKeySpec {
  name: string
  type?: ScalarAttributeType
}

export interface LocalTableSpec {
  name: string
  partitionKey: string | LocalKeySpec
  sortKey?: string | LocalKeySpec
}

export interface LocalAwsOptions {
  region?: string
  buckets?: string[]
  queues?: (string | LocalQueueSpec)[]
  topics?: (string | LocalTopicSpec)[]
  tables?: LocalTableSpec[]
  /** Job IDs the CodePipeline endpoint accepts (default: any well-formed one). */
  codePipelineJobIds?: string[]
}

export interface LocalResource {
  name: string
  arn: string
}

export interface LocalAwsClients {
  s3: S3Client
  sqs: SQSClient
  sns: SNSClient
  dynamodb: DynamoDBClient
  codepipeline: CodePipelineClient
}

export interface LocalAws {
  region: string
  /** Base URLs: `fauxqs` answers S3, SQS and SNS; `dynamodb` is dynalite. */
  endpoints: { fauxqs: string; dynamodb: string; codepipeline: string }
  /** What a handler process needs: endpoints, region, dummy credentials. See `applyEnv`. */
  env: Record<string, string>
  clients: LocalAwsClients
  queues: Record<string, LocalResource & { url: string }>
  topics: Record<string, LocalResource>
  buckets: Record<string, LocalResource>
  tables: Record<string, LocalResource>
  /** Results the CodePipeline endpoint received. */
  codePipeline: CodePipelineEndpoint
  /** The emulator itself, for what the SDK cannot do (see fauxqs's README). */
  fauxqs: FauxqsServer
  queueUrl(name: string): string
  topicArn(name: string): string
  /** Empties queues, buckets and the CodePipeline record; keeps the resources (not tables). */
  reset(): void
  stop(): Promise<void>
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }
/** The account fauxqs puts in every ARN and queue URL. */
const accountId = '000000000000'

const keyOf = (key: string | LocalKeySpec): Required<LocalKeySpec> =>
  typeof key === 'string' ? { name: key, type: 'S' } : { name: key.name, type: key.type ?? 'S' }

const createTable = async (
  dynamodb: DynamoDBClient,
  spec: LocalTableSpec,
): Promise<LocalResource> => {
  const keys = [
    { ...keyOf(spec.partitionKey), role: 'HASH' as const },
    ...(spec.sortKey ? [{ ...keyOf(spec.sortKey), role: 'RANGE' as const }] : []),
  ]
  await dynamodb.send(
    new CreateTableCommand({
      TableName: spec.name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keys.map((key) => ({
        AttributeName: key.name,
        AttributeType: key.type,
      })),
      KeySchema: keys.map((key) => ({ AttributeName: key.name, KeyType: key.role })),
    }),
  )
  // dynalite flips CREATING to ACTIVE on its next timer tick (createTableMs: 0).
  for (let tries = 0; tries < 100; tries++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: spec.name }))
    if (Table?.TableStatus === 'ACTIVE') return { name: spec.name, arn: Table.TableArn ?? '' }
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  throw new LocalAwsError(`DynamoDB table ${spec.name} did not become ACTIVE in dynalite.`)
}

const lookup = <T>(kind: string, resources: Record<string, T>, name: string): T => {
  const resource = resources[name]
  if (!resource) {
    throw new UnknownLocalResourceError(
      `No ${kind} named "${name}" in this local AWS; declared: ${Object.keys(resources).join(', ') || 'none'}. Add it to startLocalAws({ ${kind}s: [...] }).`,
    )
  }
  return resource
}

/**
 * Starts fauxqs (S3, SQS, SNS), dynalite (DynamoDB, in memory) and a CodePipeline endpoint
 * in this process on free loopback ports, creates the resources asked for, and returns
 * clients and the environment a handler needs.
 *
 * Endpoints use `127.0.0.1`, not `localhost`: for an IP endpoint the S3 SDK switches to
 * path-style URLs by itself, so even a handler's `new S3Client()` configured only from
 * `AWS_ENDPOINT_URL_S3` reaches fauxqs (the SDK reads no path-style environment variable).
 */
export const startLocalAws = async (options: LocalAwsOptions = {}): Promise<LocalAws> => {
  const region = options.region ?? 'us-east-1'
  const dynalite = createDynalite()
  const [fauxqs, dynamodbPort, codePipeline] = await Promise.all([
    // No host: queue URLs then take the request's own origin (http://127.0.0.1:port/...). The
    // SQS client sends each call to its QueueUrl's origin unless given an explicit endpoint,
    // so a handler configured from the environment reaches fauxqs only with such URLs.
    startFauxqsOnLoopback({ port: 0, logger: false, defaultRegion: region }),
    listenOnFreePort(dynalite),
    startCodePipelineEndpoint({ knownJobIds: options.codePipelineJobIds }),
  ])
  const stop = async () => {
    await Promise.all([fauxqs.stop(), closeServer(dynalite), codePipeline.stop()])
  }

  try {
    const endpoints = {
      fauxqs: fauxqs.address,
      dynamodb: `http://127.0.0.1:${dynamodbPort}`,
      codepipeline: codePipeline.url,
    }
    const common = { region, credentials }
    const clients: LocalAwsClients = {
      s3: new S3Client({ ...common, endpoint: endpoints.fauxqs, forcePathStyle: true }),
      sqs: new SQSClient({ ...common, endpoint: endpoints.fauxqs }),
      sns: new SNSClient({ ...common, endpoint: endpoints.fauxqs }),
      dynamodb: new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb }),
      codepipeline: new CodePipelineClient({ ...common, endpoint: endpoints.codepipeline }),
    }

    const queueSpecs = (options.queues ?? []).map((queue) =>
      typeof queue === 'string' ? { name: queue } : queue,
    )
    const topicSpecs = (options.topics ?? []).map((topic) =>
      typeof topic === 'string' ? { name: topic } : topic,
    )
    const setup = fauxqs.setup({
      queues: queueSpecs.map((queue) => ({ name: queue.name, attributes: queue.attributes })),
      topics: topicSpecs.map((topic) => ({ name: topic.name })),
      subscriptions: topicSpecs.flatMap((topic) =>
        (topic.subscriptions ?? []).map((subscription) => {
          const spec = typeof subscription === 'string' ? { queue: subscription } : subscription
          const attributes: Record<string, string> = {}
          if (spec.rawMessageDelivery) attributes.RawMessageDelivery = 'true'
          if (spec.filterPolicy) attributes.FilterPolicy = JSON.stringify(spec.filterPolicy)
          if (spec.filterPolicyScope) attributes.FilterPolicyScope = spec.filterPolicyScope
          return { topic: topic.name, queue: spec.queue, attributes }
        }),
      ),
      buckets: options.buckets ?? [],
    })
    const tables = await Promise.all(
      (options.tables ?? []).map((table) => createTable(clients.dynamodb, table)),
    )

    const byName = <T extends { name: string }>(items: T[]) =>
      Object.fromEntries(items.map((item) => [item.name, item]))
    /*
     * fauxqs names queues http://sqs.<region>.localhost:<port>/<account>/<name>, a host that
     * does not resolve here. An SQS client without an explicit endpoint (a handler configured
     * from the environment) sends each call to its QueueUrl's origin, so we hand out URLs on
     * the endpoint's own origin; fauxqs finds a queue by the URL's last path segment.
     */
    const queueUrlOf = (name: string) =>
      `${endpoints.fauxqs}/${accountId}/${encodeURIComponent(name)}`
    const queues = byName(
      setup.queues.map((queue) => ({
        name: queue.name,
        arn: queue.arn,
        url: queueUrlOf(queue.name),
      })),
    )
    const topics = byName(setup.topics.map((topic) => ({ name: topic.name, arn: topic.arn })))

    return {
      region,
      endpoints,
      env: {
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_ENDPOINT_URL: endpoints.fauxqs,
        AWS_ENDPOINT_URL_S3: endpoints.fauxqs,
        AWS_ENDPOINT_URL_SQS: endpoints.fauxqs,
        AWS_ENDPOINT_URL_SNS: endpoints.fauxqs,
        AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
        AWS_ENDPOINT_URL_CODEPIPELINE: endpoints.codepipeline,
      },
      clients,
      queues,
      topics,
      buckets: byName(
        setup.buckets.map((bucket) => ({ name: bucket.name, arn: `arn:aws:s3:::${bucket.name}` })),
      ),
      tables: byName(tables),
      codePipeline,
      fauxqs,
      queueUrl: (name) => lookup('queue', queues, name).url,
      topicArn: (name) => lookup('topic', topics, name).arn,
      reset: () => {
        fauxqs.reset()
        codePipeline.reset()
      },
      stop: async () => {
        for (const client of Object.values(clients)) client.destroy()
        await stop()
      },
    }
  } catch (error) {
    await stop()
    throw new LocalAwsError(
      `Could not create the local AWS resources: ${(error as Error).message}`,
      {
        cause: error,
      },
    )
  }
}
