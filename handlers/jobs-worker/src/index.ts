import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
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
    s3: new S3Client({}),
    jobs: new JobTable({ client: new DynamoDBClient({}), tableName: config.jobsTableName }),
    store: storeFromEnvironment(),
  }),
)
