import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { storeFromEnvironment } from '@repo/idempotency'
import { withRequestId } from '@repo/runtime'
import { loadConfig } from './config.ts'
import { createHandler } from './handler.ts'
import { DynamoDBSequencerMarks } from './sequencer-marks.ts'

// Cold start: a bad environment fails here, once, with every bad variable named.
const config = loadConfig()
const dynamodb = new DynamoDBClient({})

export const handler = withRequestId(
  createHandler({
    config,
    s3: new S3Client({}),
    sqs: new SQSClient({}),
    store: storeFromEnvironment(process.env, { client: dynamodb }),
    marks: new DynamoDBSequencerMarks({
      client: dynamodb,
      tableName: config.idempotencyTableName,
      retentionSeconds: config.sequencerRetentionSeconds,
    }),
  }),
)
