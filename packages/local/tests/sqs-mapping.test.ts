import { randomUUID } from 'node:crypto'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, type RunnerProcess, startRunnerProcess } from './support/runner-process.ts'

// The jobs-worker handler's SQS trigger, run by the local event source mapping.
const QUEUE = 'jobs-worker-jobs-queue'
const DLQ = 'jobs-worker-jobs-queue-dlq'

interface MappingStatus {
  handler: string
  queue: { name: string; url: string; visible: number; inFlight: number }
  deadLetterQueue: { name: string; url: string; depth: number }
  trigger: { batchSize: number; maxReceiveCount: number; visibilityTimeoutSeconds: number }
  pollers: number
  batches: number
  messages: number
  deleted: number
  returned: number
}

let runner: RunnerProcess
let sqs: SQSClient
let s3: S3Client

const mapping = async (): Promise<MappingStatus> => {
  const document = (await (await fetch(runner.urls.status)).json()) as {
    sqsMappings: MappingStatus[]
  }
  const found = document.sqsMappings.find((each) => each.handler === 'jobs-worker')
  if (found === undefined) throw new Error('no jobs-worker mapping in /_local/status')
  return found
}

beforeAll(async () => {
  // 600×: the 180 s visibility timeout of a failed message is 1 s.
  runner = await startRunnerProcess(['--time-scale', '600'])
  const common = {
    region: 'us-east-1',
    endpoint: runner.urls.aws,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }
  sqs = new SQSClient(common)
  s3 = new S3Client({ ...common, forcePathStyle: true })
})

afterAll(async () => {
  await runner?.stop()
})

describe('the SQS event source mapping under npm start', () => {
  it('shows the mapping with its queue, DLQ and declared settings in /_local/status', async () => {
    const status = await mapping()
    expect(status).toMatchObject({
      queue: { name: QUEUE, url: expect.stringContaining(`/${QUEUE}`) },
      deadLetterQueue: { name: DLQ, depth: 0 },
      trigger: { batchSize: 10, maxReceiveCount: 3, visibilityTimeoutSeconds: 180 },
      pollers: 5,
    })
  })

  it('runs a job sent with the AWS SDK and deletes its message', async () => {
    const jobId = randomUUID()
    const queueUrl = (await mapping()).queue.url
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({
          jobId,
          type: 'report',
          payload: { values: [1, 2, 3, 4] },
          acceptedAt: new Date().toISOString(),
        }),
      }),
    )
    const stored = await eventually(async () => {
      const object = await s3.send(
        new GetObjectCommand({
          Bucket: 'jobs-worker-results-bucket',
          Key: `results/${jobId}.json`,
        }),
      )
      return object.Body?.transformToString()
    }, 'the result object')
    expect(JSON.parse(stored)).toMatchObject({ jobId, result: { count: 4, mean: 2.5 } })
    const status = await eventually(async () => {
      const now = await mapping()
      return now.deleted >= 1 && now.queue.visible + now.queue.inFlight === 0 ? now : undefined
    }, 'the message deleted')
    expect(status.batches).toBeGreaterThanOrEqual(1)
  })

  it('moves a poison message to the DLQ after maxReceiveCount receives', async () => {
    const before = await mapping()
    const body = `not a job ${randomUUID()}`
    await sqs.send(new SendMessageCommand({ QueueUrl: before.queue.url, MessageBody: body }))
    const after = await eventually(
      async () => {
        const now = await mapping()
        return now.deadLetterQueue.depth === 1 ? now : undefined
      },
      'the poison message in the DLQ',
      20_000,
    )
    // Received and returned three times (each a failed batch item), then moved by the redrive policy.
    expect(after.returned - before.returned).toBe(3)
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: after.deadLetterQueue.url, WaitTimeSeconds: 1 }),
    )
    expect(Messages.map((message) => message.Body)).toEqual([body])
  })
})
