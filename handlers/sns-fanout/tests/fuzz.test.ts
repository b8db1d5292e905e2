import { randomUUID } from 'node:crypto'
import { SQSClient } from '@aws-sdk/client-sqs'
import { MemoryStore } from '@repo/idempotency'
import { assertMutationsHandled, eventSeeds, invoke, useLocalAws } from '@repo/shared/harness'
import type { SNSEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { createHandler } from '../src/handler.ts'
import { declaration } from '../src/trigger.ts'

const aws = useLocalAws({ beforeAll, afterAll }, { queues: ['orders', 'uploads', 'catch-all'] })

/**
 * What may fail an invocation, and what a FanoutIncompleteError may carry per record: SQS
 * refusing an entry, or another copy of the same MessageId holding its lock.
 */
const TYPED_ERRORS = [
  'EventShapeError',
  'FanoutIncompleteError',
  'DeliveryError',
  'IdempotencyInProgressError',
]

describe('mutation fuzz', () => {
  it('forwards every mutated SNS event or refuses it with a typed error', async () => {
    const handler = createHandler({
      config: {
        routes: new Map([
          ['order', aws().queueUrl('orders')],
          ['s3', aws().queueUrl('uploads')],
        ]),
        catchAllQueueUrl: aws().queueUrl('catch-all'),
      },
      sqs: new SQSClient({}),
      store: new MemoryStore(),
      retry: { sleep: async () => {} },
    })
    await assertMutationsHandled({
      seeds: eventSeeds({ fixtures: 'sns', corpus: ['sns'] }),
      invoke: (event) =>
        invoke(handler, event as SNSEvent, {
          awsRequestId: randomUUID(),
          timeoutSeconds: declaration.function.timeout,
        }),
      typedErrors: TYPED_ERRORS,
      numRuns: 100,
    })
  })
})
