import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { DynamoDBStore } from '@repo/idempotency'
import { JobTable } from '@repo/jobs'
import { createLogger } from '@repo/runtime'
import type { LocalAws, LocalAwsOptions } from '@repo/shared/harness'
import type { ALBResult } from 'aws-lambda'
import { type Config, loadConfig } from '../../src/config.ts'
import { createHandler, type HandlerDependencies } from '../../src/handler.ts'

/** The resources every test file's local AWS holds. */
export const FILES_BUCKET = 'files'
export const JOBS_QUEUE = 'jobs'
export const IDEMPOTENCY_TABLE = 'idempotency'
export const JOBS_TABLE = 'jobs-table'

export const localAwsOptions: LocalAwsOptions = {
  buckets: [FILES_BUCKET],
  queues: [JOBS_QUEUE],
  tables: [
    { name: IDEMPOTENCY_TABLE, partitionKey: 'id' },
    { name: JOBS_TABLE, partitionKey: 'id' },
  ],
}

/** The environment index.ts would see in a Lambda wired to this local AWS. */
export const handlerEnv = (aws: LocalAws): Record<string, string> => ({
  ...aws.env,
  JOBS_QUEUE_URL: aws.queueUrl(JOBS_QUEUE),
  JOBS_TABLE_NAME: JOBS_TABLE,
  FILES_BUCKET,
  IDEMPOTENCY_TABLE_NAME: IDEMPOTENCY_TABLE,
})

/** The handler's log lines, parsed, in order. */
export interface LoggedLines {
  entries: Record<string, unknown>[]
}

/**
 * The handler as index.ts builds it (clients configured only by the environment), against the
 * local AWS, with a real DynamoDB (dynalite) idempotency store. Overrides for one test.
 */
export const localHandler = (
  aws: LocalAws,
  overrides: Omit<Partial<HandlerDependencies>, 'config'> & { config?: Partial<Config> } = {},
) => {
  const logged: LoggedLines = { entries: [] }
  const { config, ...rest } = overrides
  const handler = createHandler({
    config: { ...loadConfig(handlerEnv(aws)), ...config },
    sqs: new SQSClient({}),
    s3: new S3Client({}),
    store: new DynamoDBStore({ client: aws.clients.dynamodb, tableName: IDEMPOTENCY_TABLE }),
    jobs: new JobTable({ client: aws.clients.dynamodb, tableName: JOBS_TABLE }),
    logger: createLogger({ write: (_level, line) => logged.entries.push(JSON.parse(line)) }),
    ...rest,
  })
  return { handler, logged }
}

/** Every value of a response header, in whichever mode the response uses. */
export const responseHeader = (result: ALBResult, name: string): string[] => {
  const multi = result.multiValueHeaders?.[name]
  if (multi !== undefined) return multi.map(String)
  const single = result.headers?.[name]
  return single === undefined ? [] : [String(single)]
}

export const jsonBody = (result: ALBResult): Record<string, unknown> =>
  JSON.parse(result.body ?? '') as Record<string, unknown>

/** Asserts nothing here: returns what a test checks about a result being a response ALB accepts. */
export const albShapeProblems = (result: unknown, multiValue: boolean): string[] => {
  const problems: string[] = []
  const response = result as Partial<ALBResult> | undefined
  if (typeof response !== 'object' || response === null) return ['not an object']
  const { statusCode, statusDescription } = response
  if (!Number.isInteger(statusCode)) problems.push('statusCode is not an integer')
  if (typeof statusDescription !== 'string' || !statusDescription.startsWith(`${statusCode} `)) {
    problems.push(`statusDescription "${statusDescription}" does not start with the status`)
  }
  if (typeof response.body !== 'string') problems.push('body is not a string')
  if (typeof response.isBase64Encoded !== 'boolean') problems.push('isBase64Encoded is missing')
  if (multiValue) {
    if (response.headers !== undefined) problems.push('headers in multi-value mode')
    if (typeof response.multiValueHeaders !== 'object') problems.push('no multiValueHeaders')
    for (const values of Object.values(response.multiValueHeaders ?? {})) {
      if (!Array.isArray(values)) problems.push('a multiValueHeaders entry is not an array')
    }
  } else {
    if (response.multiValueHeaders !== undefined) problems.push('multiValueHeaders in single mode')
    if (typeof response.headers !== 'object') problems.push('no headers')
    for (const value of Object.values(response.headers ?? {})) {
      if (typeof value !== 'string') problems.push('a header value is not a string')
    }
  }
  if (Buffer.byteLength(JSON.stringify(response)) > 1_000_000) problems.push('over 1 MB')
  return problems
}
