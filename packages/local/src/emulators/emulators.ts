import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
import { SNSClient } from '@aws-sdk/client-sns'
import { SQSClient } from '@aws-sdk/client-sqs'
import {
  type CodePipelineEndpoint,
  startCodePipelineEndpoint,
  startFauxqsOnLoopback,
} from '@repo/shared/harness'
import type { FauxqsServer } from 'fauxqs'
import { LocalRunnerError } from '../errors.ts'
import { closeServer, listenOnLoopback } from '../http/server.ts'
import { type S3NotificationSource, startS3Proxy } from '../triggers/s3/proxy.ts'
import type { PlannedResource } from './resources.ts'

export const REGION = 'us-east-1'
/** The account fauxqs puts in every ARN and queue URL. */
export const ACCOUNT_ID = '000000000000'
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }

export interface EmulatorPorts {
  /** S3, SQS and SNS for every client (the notifying proxy in front of fauxqs). 0 = any free. */
  aws: number
  /** dynalite. 0 = any free. */
  dynamodb: number
}

export interface Emulators {
  endpoints: { aws: string; dynamodb: string; codepipeline: string }
  /** What every handler's environment starts from: region, dummy credentials, endpoints. */
  env: Record<string, string>
  clients: { s3: S3Client; sqs: SQSClient; sns: SNSClient; codepipeline: CodePipelineClient }
  fauxqs: FauxqsServer
  codePipeline: CodePipelineEndpoint
  /** Fires for every successful object write or delete through the public endpoint. */
  s3Events: S3NotificationSource
  queueUrl(name: string): string
  topicArn(name: string): string
  stop(): Promise<void>
}

// dynalite is CommonJS without types; this is the one function used. No path: all in memory.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: {
  createTableMs: number
}) => Server

const waitUntilActive = async (client: DynamoDBClient, table: string): Promise<void> => {
  for (let tries = 0; tries < 200; tries++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }))
    if (Table?.TableStatus === 'ACTIVE') return
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  throw new LocalRunnerError(`DynamoDB table ${table} did not become ACTIVE in dynalite.`)
}

/**
 * Starts fauxqs (S3, SQS, SNS) behind the notifying S3 proxy, dynalite (DynamoDB, in memory)
 * and the harness's CodePipeline job-result endpoint, all on loopback, and creates `resources`.
 * Endpoints use 127.0.0.1: for an IP endpoint the S3 SDK uses path-style URLs by itself.
 */
export const startEmulators = async (
  resources: readonly PlannedResource[],
  ports: EmulatorPorts,
): Promise<Emulators> => {
  const dynamo = dynalite({ createTableMs: 0 })
  const [fauxqs, dynamodbPort, codePipeline] = await Promise.all([
    startFauxqsOnLoopback({ port: 0, logger: false, defaultRegion: REGION }),
    listenOnLoopback(dynamo, ports.dynamodb, 'pick another one (or 0 for any).'),
    startCodePipelineEndpoint(),
  ])
  const proxy = await startS3Proxy({ upstream: fauxqs.address, port: ports.aws })
  const endpoints = {
    aws: proxy.url,
    dynamodb: `http://127.0.0.1:${dynamodbPort}`,
    codepipeline: codePipeline.url,
  }
  const stop = async () => {
    await Promise.all([proxy.stop(), fauxqs.stop(), closeServer(dynamo), codePipeline.stop()])
  }
  try {
    const setup = fauxqs.setup({
      buckets: resources.filter((r) => r.kind === 'bucket').map((r) => r.name),
      queues: resources
        .filter((r) => r.kind === 'queue')
        .map((r) => ({ name: r.name, ...(r.attributes && { attributes: r.attributes }) })),
      topics: resources.filter((r) => r.kind === 'topic').map((r) => ({ name: r.name })),
    })
    const topicArns = new Map(setup.topics.map((topic) => [topic.name, topic.arn]))
    const common = { region: REGION, credentials }
    const dynamodb = new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb })
    for (const table of resources.filter((r) => r.kind === 'table')) {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: table.name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      )
      await waitUntilActive(dynamodb, table.name)
    }
    dynamodb.destroy()
    return {
      endpoints,
      env: {
        AWS_REGION: REGION,
        AWS_DEFAULT_REGION: REGION,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_ENDPOINT_URL: endpoints.aws,
        AWS_ENDPOINT_URL_S3: endpoints.aws,
        AWS_ENDPOINT_URL_SQS: endpoints.aws,
        AWS_ENDPOINT_URL_SNS: endpoints.aws,
        AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
        AWS_ENDPOINT_URL_CODEPIPELINE: endpoints.codepipeline,
      },
      clients: {
        s3: new S3Client({ ...common, endpoint: endpoints.aws, forcePathStyle: true }),
        sqs: new SQSClient({ ...common, endpoint: endpoints.aws }),
        sns: new SNSClient({ ...common, endpoint: endpoints.aws }),
        codepipeline: new CodePipelineClient({ ...common, endpoint: endpoints.codepipeline }),
      },
      fauxqs,
      codePipeline,
      s3Events: proxy.events,
      // Queue URLs on the public origin: an SQS client sends each call to its QueueUrl's host.
      queueUrl: (name) => `${endpoints.aws}/${ACCOUNT_ID}/${encodeURIComponent(name)}`,
      topicArn: (name) => topicArns.get(name) ?? `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${name}`,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
