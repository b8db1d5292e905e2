import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { storeFromEnvironment } from '@repo/idempotency'
import { loadConfig } from './config.ts'
import { createHandler } from './handler.ts'
import { DynamoDBSequencerMarks } from './sequencer-marks.ts'
import { TRIGGER_PREFIX, TRIGGER_SUFFIX } from './trigger-filter.ts'

// Cold start: a bad environment fails here, before any event is taken.
const config = loadConfig(process.env, { prefix: TRIGGER_PREFIX, suffix: TRIGGER_SUFFIX })
const dynamodb = new DynamoDBClient({})

export const handler = createHandler({
  config,
  s3: new S3Client({}),
  sqs: new SQSClient({}),
  store: storeFromEnvironment(process.env, { client: dynamodb }),
  marks: new DynamoDBSequencerMarks({
    client: dynamodb,
    tableName: config.idempotencyTableName,
    retentionSeconds: config.sequencerRetentionSeconds,
  }),
})
