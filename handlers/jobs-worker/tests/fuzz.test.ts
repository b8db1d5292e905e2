import { randomUUID } from 'node:crypto'
import { MemoryStore } from '@repo/idempotency'
import { JobTable } from '@repo/jobs'
import { sqsEvent } from '@repo/shared'
import { assertMutationsHandled, eventSeeds, invoke, useLocalAws } from '@repo/shared/harness'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { createHandler } from '../src/handler.ts'
import { config, jobMessage, localAwsResources } from './support/worker.ts'

const aws = useLocalAws({ beforeAll, afterAll }, localAwsResources)

/** A record that is not a job is a batch item failure, not an error: only the event's shape throws. */
const TYPED_ERRORS = ['EventShapeError']

describe('mutation fuzz', () => {
  it('answers every mutated SQS event with a batch response or refuses it with a typed error', async () => {
    const handler = createHandler({
      config,
      s3: aws().clients.s3,
      jobs: new JobTable({ client: aws().clients.dynamodb, tableName: 'jobs-table' }),
      store: new MemoryStore(),
    })
    await assertMutationsHandled({
      seeds: [
        ...eventSeeds({ fixtures: 'sqs', corpus: ['sqs'] }),
        // Jobs too, so mutations reach the job table, the job types and the result write.
        {
          name: 'jobs batch',
          event: sqsEvent([
            { body: jobMessage('report', { values: [1, 2, 3] }), queue: 'jobs' },
            { body: jobMessage('noop'), queue: 'jobs' },
          ]),
        },
        {
          name: 'fifo jobs batch',
          event: sqsEvent([
            {
              body: jobMessage('report', { values: [4] }),
              queue: 'jobs.fifo',
              messageGroupId: 'g',
            },
            { body: jobMessage('noop'), queue: 'jobs.fifo', messageGroupId: 'g' },
          ]),
        },
      ],
      invoke: (event) => invoke(handler, event, { awsRequestId: randomUUID(), timeoutSeconds: 10 }),
      typedErrors: TYPED_ERRORS,
      numRuns: 150,
    })
  })
})
