import { randomUUID } from 'node:crypto'
import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { MemoryStore } from '@repo/idempotency'
import { assertMutationsHandled, eventSeeds, invoke, useLocalAws } from '@repo/shared/harness'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { createHandler } from '../src/handler.ts'
import { testConfig } from './support/test-config.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  { buckets: ['uploads'], queues: ['notifications'] },
)

/** Every error this function declares; anything else (a TypeError…) fails the property. */
const TYPED_ERRORS = [
  'EventShapeError',
  'UnsupportedEventError',
  'MalformedEventError',
  'HousekeepingIncompleteError',
]

describe('mutation fuzz', () => {
  it('answers every mutated EventBridge event or refuses it with a typed error', async () => {
    const handler = createHandler({
      config: testConfig(aws().queueUrl('notifications')),
      s3: new S3Client({}),
      sqs: new SQSClient({}),
      store: new MemoryStore(),
    })
    await assertMutationsHandled({
      seeds: eventSeeds({
        fixtures: 'eventbridge',
        corpus: ['eventbridge-scheduled', 'eventbridge-codepipeline', 'eventbridge'],
      }),
      invoke: (event) => invoke(handler, event, { awsRequestId: randomUUID(), timeoutSeconds: 10 }),
      typedErrors: TYPED_ERRORS,
      numRuns: 150,
    })
  })
})
