import { randomUUID } from 'node:crypto'
import { cloudWatchLogsData, encodeCloudWatchLogs, listCorpus, loadCorpusEvent } from '@repo/shared'
import {
  assertMutationsHandled,
  eventSeeds,
  fuzzSeed,
  invoke,
  mutatedEvents,
  untypedOutcome,
  useLocalAws,
} from '@repo/shared/harness'
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { declaration } from '../src/trigger.ts'
import { ARCHIVE_BUCKET, localHandler } from './support/local.ts'

const aws = useLocalAws({ beforeAll, afterAll }, { buckets: [ARCHIVE_BUCKET], queues: ['alerts'] })

/**
 * What may fail an invocation: the envelope's shape, each layer of `awslogs.data` (runtime's
 * decoder, bounded), and SQS refusing alerts after the retry.
 */
const TYPED_ERRORS = [
  'EventShapeError',
  'LogsDataBase64Error',
  'LogsDataGzipError',
  'LogsDataJsonError',
  'LogsDataTooLargeError',
  'AlertDeliveryError',
]

const handlerFor = () => localHandler(aws().queueUrl('alerts'))
const invokeOnce = (handler: ReturnType<typeof handlerFor>, event: unknown) =>
  invoke(handler, event as CloudWatchLogsEvent, {
    awsRequestId: randomUUID(),
    timeoutSeconds: declaration.function.timeout,
  })

/** Decoded payloads to mutate inside `awslogs.data`: the corpus's and one with every line kind. */
const payloadSeeds = [
  ...listCorpus('cloudwatch-logs-decoded').map((entry) => ({
    name: `corpus:${entry.file}`,
    event: loadCorpusEvent(entry.file),
  })),
  {
    name: 'fixture:cloudwatch-logs/mixed',
    event: cloudWatchLogsData({
      logEvents: [
        'START RequestId: 6c2b9ab2-2f5f-4b8e-9a4c-1b2d3e4f5a6b Version: $LATEST',
        JSON.stringify({ level: 'ERROR', message: 'x', clientSecret: { value: 'y' } }),
        '2024-05-06T07:08:09.100Z\t6c2b9ab2-2f5f-4b8e-9a4c-1b2d3e4f5a6b\tERROR\tboom',
        'Cookie: sid=abc; a=b',
      ],
    }),
  },
]

describe('mutation fuzz', () => {
  it('archives every mutated subscription event or refuses it with a typed error', async () => {
    const handler = handlerFor()
    await assertMutationsHandled({
      seeds: eventSeeds({ fixtures: 'cloudwatch-logs', corpus: ['cloudwatch-logs'] }),
      invoke: (event) => invokeOnce(handler, event),
      typedErrors: TYPED_ERRORS,
      numRuns: 100,
    })
  })

  it('archives every mutated payload inside awslogs.data or refuses it with a typed error', async () => {
    const handler = handlerFor()
    const seed = fuzzSeed()
    const property = fc.asyncProperty(mutatedEvents(payloadSeeds), async (mutated) => {
      const event = encodeCloudWatchLogs(mutated.event as CloudWatchLogsDecodedData)
      const problems = untypedOutcome(await invokeOnce(handler, event), TYPED_ERRORS)
      if (problems.length > 0) {
        throw new Error(
          `${mutated.seed} with ${JSON.stringify(mutated.mutations).slice(0, 600)}: ${problems.join('; ')}`,
        )
      }
    })
    const details = await fc.check(property, { seed, numRuns: 100 })
    if (details.failed) {
      throw new Error(
        `Payload fuzz failed with seed ${seed} (rerun with FUZZ_SEED=${seed}):\n${fc.defaultReportMessage(details)}\n${details.errorInstance}`,
      )
    }
  })
})
