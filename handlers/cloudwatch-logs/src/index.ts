import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { storeFromEnvironment } from '@repo/idempotency'
import { withRequestId } from '@repo/runtime'
import { loadConfig } from './config.ts'
import { createHandler } from './handler.ts'

// Cold start: a bad environment fails here, naming every variable, before any batch runs.
export const handler = withRequestId(
  createHandler({
    config: loadConfig(),
    s3: new S3Client({}),
    sqs: new SQSClient({}),
    store: storeFromEnvironment(),
  }),
)
