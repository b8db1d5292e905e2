import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { DynamoDBStore } from '@repo/idempotency'
import { listCorpus, loadCorpusEvent, pipelineExecutionStateChange } from '@repo/shared'
import {
  countMessages,
  deliverDuplicates,
  invoke,
  invokeAsync,
  readDestinationRecords,
  readQueue,
  useLocalAws,
  VirtualClock,
} from '@repo/shared/harness'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Config } from '../src/config.ts'
import type { IncomingEvent } from '../src/events.ts'
import { createHandler } from '../src/handler.ts'
import { declaration } from '../src/trigger.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  {
    buckets: ['uploads'],
    queues: ['notifications', 'failures'],
    tables: [{ name: 'idempotency', partitionKey: 'id' }],
  },
)

const configFor = (queueUrl = aws().queueUrl('notifications')): Config => ({
  uploadsBucket: 'uploads',
  processedPrefix: 'processed/',
  reportsPrefix: 'reports/',
  retentionDays: 30,
  notificationsQueueUrl: queueUrl,
})

const build = (config = configFor()) =>
  createHandler({
    config,
    s3: new S3Client({}),
    sqs: new SQSClient({}),
    store: new DynamoDBStore({ client: aws().clients.dynamodb, tableName: 'idempotency' }),
  })

beforeEach(() => aws().reset())

describe('CodePipeline execution state changes', () => {
  it('sends one notification with a console link for each end state in the corpus', async () => {
    const handler = build()
    const files = listCorpus('eventbridge-codepipeline')
      .map((entry) => entry.file)
      .filter((file) => /pipeline-(failed|succeeded)|execution-state-change/.test(file))
    expect(files.length).toBeGreaterThanOrEqual(3)

    for (const file of files) {
      const event = loadCorpusEvent<IncomingEvent>(file)
      const detail = event.detail as { pipeline: string; 'execution-id': string; state: string }
      const run = await invoke(handler, event)
      expect(run.status, file).toBe('success')
      const messages = await readQueue(aws(), 'notifications')
      if (detail.state === 'STARTED') {
        // lambda-go's sample is a STARTED change: outside the rule's states, so no message.
        expect(messages, file).toEqual([])
        continue
      }
      expect(messages, file).toHaveLength(1)
      expect(JSON.parse(messages[0]?.body ?? '')).toEqual({
        pipeline: detail.pipeline,
        executionId: detail['execution-id'],
        state: detail.state,
        time: event.time,
        account: event.account,
        region: event.region,
        consoleUrl: `https://${event.region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${detail.pipeline}/executions/${detail['execution-id']}/timeline?region=${event.region}`,
      })
      expect(messages[0]?.attributes).toEqual({ pipeline: detail.pipeline, state: detail.state })
    }
  })

  it('tells FAILED and SUCCEEDED of one execution apart even when they share an event id', async () => {
    // The user guide's samples reuse the id "01234567-EXAMPLE": keying on it would drop one.
    const handler = build()
    const failed = pipelineExecutionStateChange({ executionId: 'e-1', state: 'FAILED' })
    const stopped = {
      ...pipelineExecutionStateChange({ executionId: 'e-1', state: 'STOPPED' }),
      id: failed.id,
    }
    await invoke(handler, failed)
    await invoke(handler, stopped)
    const states = (await readQueue(aws(), 'notifications')).map(
      (message) => message.attributes.state,
    )
    expect(states.sort()).toEqual(['FAILED', 'STOPPED'])
  })

  it('notifies once per (pipeline, execution, state) under duplicate and concurrent delivery', async () => {
    const handler = build()
    let execution = 0
    const report = await deliverDuplicates(
      handler,
      pipelineExecutionStateChange({ state: 'SUCCEEDED' }),
      {
        // The lock lasts until the deadline: use the declared timeout, not Lambda's 3 s default.
        timeoutSeconds: declaration.function.timeout,
        times: 5,
        eventForMode: () =>
          pipelineExecutionStateChange({ executionId: `dup-${execution++}`, state: 'SUCCEEDED' }),
        probe: () => countMessages(aws(), 'notifications'),
      },
    )
    expect(report.sideEffects).toEqual({ sequential: 1, concurrent: 1 })
  })

  it('retries a failing send as Lambda does and hands the original event to the destination', async () => {
    const handler = build(configFor(`${aws().endpoints.fauxqs}/000000000000/no-such-queue`))
    const event = pipelineExecutionStateChange({ executionId: 'doomed', state: 'FAILED' })

    const async = await invokeAsync(handler, event, {
      clock: new VirtualClock(),
      onFailure: { sqs: aws().clients.sqs, queueUrl: aws().queueUrl('failures') },
    })

    expect(async.attempts).toHaveLength(3)
    expect(new Set(async.attempts.map((attempt) => attempt.invocation.awsRequestId)).size).toBe(1)
    const [record] = await readDestinationRecords(aws(), 'failures')
    expect(record?.requestPayload).toEqual(event)
    expect(record?.requestContext.condition).toBe('RetriesExhausted')
    expect(JSON.stringify(record?.responsePayload)).toMatch(/QueueDoesNotExist|NonExistentQueue/)
    // The failed attempts released their locks: fixing the queue lets the same event through.
    const fixed = build()
    expect((await invoke(fixed, event)).status).toBe('success')
    expect(await countMessages(aws(), 'notifications')).toBe(1)
  })
})
