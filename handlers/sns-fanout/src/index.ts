import { SQSClient } from '@aws-sdk/client-sqs'
import { storeFromEnvironment } from '@repo/idempotency'
import { withRequestId } from '@repo/runtime'
import { loadConfig } from './config.ts'
import { createHandler } from './handler.ts'

// Cold start: a bad environment (ROUTES included) fails here, once, with every problem listed.
export const handler = withRequestId(
  createHandler({
    config: loadConfig(),
    sqs: new SQSClient({}),
    store: storeFromEnvironment(),
  }),
)
