import { createHash } from 'node:crypto'
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { DynamoDBStore, type IdempotencyStore } from '@repo/idempotency'
import { createLogger } from '@repo/runtime'
import { type S3RecordOptions, type S3Sequencer, s3Event, s3Record } from '@repo/shared'
import { type LocalAws, useLocalAws } from '@repo/shared/harness'
import { afterAll, beforeAll } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { createHandler } from '../../src/handler.ts'
import { DynamoDBSequencerMarks } from '../../src/sequencer-marks.ts'

export const BUCKET = 'uploads'
export const TABLE = 'idempotency'

/** fauxqs (S3, SQS) + dynalite for one test file, and a handler wired to them as index.ts wires it. */
export const useLocalHandler = () => {
  const aws = useLocalAws(
    { beforeAll, afterAll },
    {
      buckets: [BUCKET],
      queues: ['results', 'failures'],
      tables: [{ name: TABLE, partitionKey: 'id' }],
    },
  )
  /** The handler's log lines, parsed. */
  const logs: Record<string, unknown>[] = []
  const build = (
    overrides: { s3?: S3Client; store?: IdempotencyStore; now?: () => number } = {},
  ) => {
    const { clients } = aws()
    const config = loadConfig({
      RESULTS_QUEUE_URL: aws().queueUrl('results'),
      IDEMPOTENCY_TABLE_NAME: TABLE,
    })
    return createHandler({
      config,
      s3: overrides.s3 ?? clients.s3,
      sqs: clients.sqs,
      store: overrides.store ?? new DynamoDBStore({ client: clients.dynamodb, tableName: TABLE }),
      marks: new DynamoDBSequencerMarks({
        client: clients.dynamodb,
        tableName: TABLE,
        retentionSeconds: config.sequencerRetentionSeconds,
      }),
      now: overrides.now,
      logger: createLogger({ write: (_level, line) => logs.push(JSON.parse(line)) }),
    })
  }
  return { aws, build, logs }
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** Uploads with the real SDK and returns the bare eTag, as S3 puts it into the notification. */
export const putObject = async (
  aws: () => LocalAws,
  key: string,
  body: string,
): Promise<string> => {
  const output = await aws().clients.s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }),
  )
  return (output.ETag ?? '').replaceAll('"', '')
}

/** One S3 notification for the uploads bucket, unversioned unless told otherwise. */
export const eventFor = (options: S3RecordOptions & { sequencer?: string | S3Sequencer }) =>
  s3Event([s3Record({ bucket: BUCKET, versionId: null, ...options })])
