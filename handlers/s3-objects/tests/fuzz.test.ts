import { randomUUID } from 'node:crypto'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { MemoryStore } from '@repo/idempotency'
import { createLogger } from '@repo/runtime'
import {
  assertMutationsHandled,
  eventSeeds,
  type InvocationResult,
  invoke,
  useLocalAws,
} from '@repo/shared/harness'
import type { S3Event } from 'aws-lambda'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { BatchIncompleteError } from '../src/errors.ts'
import { createHandler } from '../src/handler.ts'
import { DynamoDBSequencerMarks } from '../src/sequencer-marks.ts'
import { declaration } from '../src/trigger.ts'

const TABLE = 'idempotency'
/** Every bucket the seeds name that S3 would accept as a name, so records reach the object. */
const BUCKETS = [
  'example-bucket',
  'mybucket',
  'sourcebucket',
  'amzn-s3-demo-bucket',
  'amzn-s3-demo-bucket1',
  'lambda-artifacts-deafc19498e3f2df',
]
const aws = useLocalAws(
  { beforeAll, afterAll },
  { buckets: BUCKETS, queues: ['results'], tables: [{ name: TABLE, partitionKey: 'id' }] },
)

/** What may fail an invocation. */
const TYPED_ERRORS = ['EventShapeError', 'BatchIncompleteError']

/**
 * What a BatchIncompleteError may report per record: the handler's permanent refusals, another
 * copy of the same change holding its lock, and S3's own answer for a bucket the event names
 * that does not exist (a prototype name is a valid bucket name).
 */
const RECORD_ERRORS = [
  'InvalidCsvError',
  'SummaryKeyTooLongError',
  'SequencerFormatError',
  'IdempotencyInProgressError',
  'NoSuchBucket',
]

const checkRecordErrors = (invocation: InvocationResult<unknown>) => {
  if (invocation.status !== 'error' || !(invocation.thrown instanceof BatchIncompleteError)) return
  for (const failure of invocation.thrown.failures) {
    if (!RECORD_ERRORS.includes(failure.errorType)) {
      throw new Error(
        `a record failed with ${failure.errorType} (not declared): ${failure.message}`,
      )
    }
  }
}

describe('mutation fuzz', () => {
  it('summarises every mutated S3 event or refuses it with a typed error', async () => {
    const { clients } = aws()
    // The fixtures' object, as a CSV, so unmutated keys reach the scanner.
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: 'example-bucket',
        Key: 'uploads/report.csv',
        Body: 'id,name\n1,a\n2,"b, c"\n',
      }),
    )
    const config = loadConfig({
      RESULTS_QUEUE_URL: aws().queueUrl('results'),
      IDEMPOTENCY_TABLE_NAME: TABLE,
    })
    const handler = createHandler({
      config,
      s3: clients.s3,
      sqs: clients.sqs,
      store: new MemoryStore(),
      marks: new DynamoDBSequencerMarks({
        client: clients.dynamodb,
        tableName: TABLE,
        retentionSeconds: config.sequencerRetentionSeconds,
      }),
      logger: createLogger({ write: () => {} }),
    })
    await assertMutationsHandled({
      seeds: eventSeeds({ fixtures: 's3', corpus: ['s3'] }),
      invoke: (event) =>
        invoke(handler, event as S3Event, {
          awsRequestId: randomUUID(),
          timeoutSeconds: declaration.function.timeout,
        }),
      typedErrors: TYPED_ERRORS,
      check: checkRecordErrors,
      numRuns: 100,
    })
  }, 60_000)
})
