import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { storeFromEnvironment } from '@repo/idempotency'
import { JobTable } from '@repo/jobs'
import { withRequestId } from '@repo/runtime'
import { loadConfig } from './config.ts'
import { createHandler } from './handler.ts'

// Cold start: a bad environment fails here, once, with every bad variable named. Clients read
// their endpoints and region from the environment.
const config = loadConfig()

export const handler = withRequestId(
  createHandler({
    config,
    sqs: new SQSClient({}),
    s3: new S3Client({}),
    store: storeFromEnvironment(),
    jobs: new JobTable({ client: new DynamoDBClient({}), tableName: config.jobsTableName }),
  }),
)
