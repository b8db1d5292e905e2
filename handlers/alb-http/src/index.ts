import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { storeFromEnvironment } from '@repo/idempotency'
import { withRequestId } from '@repo/runtime'
import { loadConfig } from './config.ts'
import { createHandler } from './handler.ts'

// Cold start: a bad environment fails here, once, with every bad variable named. Clients read
// their endpoints and region from the environment.
export const handler = withRequestId(
  createHandler({
    config: loadConfig(),
    sqs: new SQSClient({}),
    s3: new S3Client({}),
    store: storeFromEnvironment(),
  }),
)
