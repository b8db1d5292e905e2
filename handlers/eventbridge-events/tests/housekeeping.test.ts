import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { DynamoDBStore } from '@repo/idempotency'
import { scheduledEvent } from '@repo/shared'
import {
  deliverDuplicates,
  invoke,
  invokeAsync,
  readDestinationRecords,
  readObject,
  useLocalAws,
  VirtualClock,
} from '@repo/shared/harness'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Config } from '../src/config.ts'
import { HousekeepingIncompleteError } from '../src/errors.ts'
import { createHandler } from '../src/handler.ts'
import type { HousekeepingReport } from '../src/report.ts'
import { declaration } from '../src/trigger.ts'
import { putObjects } from './support/put-objects.ts'
import { recordCommands, refuseDeletesOnce } from './support/record-commands.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  {
    buckets: ['uploads'],
    queues: ['notifications', 'failures'],
    tables: [{ name: 'idempotency', partitionKey: 'id' }],
  },
)

/**
 * Invocations run with the function's declared timeout: the idempotency lock lasts until the
 * invocation's deadline, so Lambda's 3 s default would let a slow (loaded) test machine hand a
 * still-running tick to a duplicate, exactly as Lambda would after killing it.
 */
const invokeOptions = { timeoutSeconds: declaration.function.timeout }

const DAY_MS = 86_400_000
const RETENTION_DAYS = 7

const configFor = (): Config => ({
  uploadsBucket: 'uploads',
  processedPrefix: 'processed/',
  reportsPrefix: 'reports/',
  retentionDays: RETENTION_DAYS,
  notificationsQueueUrl: aws().queueUrl('notifications'),
})

/** A handler on fresh clients (so middlewares added by one test stay in it) and the real table. */
const build = () => {
  const s3 = new S3Client({})
  const commands = recordCommands(s3)
  const store = new DynamoDBStore({ client: aws().clients.dynamodb, tableName: 'idempotency' })
  const handler = createHandler({ config: configFor(), s3, sqs: new SQSClient({}), store })
  return { handler, s3, commands }
}

// Ticks are computed from one fixed instant: two calls for the same minute must give the same
// scheduled time (the idempotency key), even when a second boundary passes between them.
const testStart = Date.now()

/** A tick far enough after now that everything written in this test is past retention. */
const tickAfterRetention = (minute: number, rule = 'nightly-housekeeping') =>
  scheduledEvent({
    rule,
    time: new Date(testStart + (RETENTION_DAYS + 1) * DAY_MS + minute * 60_000).toISOString(),
  })

const keysUnder = async (prefix: string): Promise<string[]> => {
  const keys: string[] = []
  let token: string | undefined
  do {
    const page = await aws().clients.s3.send(
      new ListObjectsV2Command({ Bucket: 'uploads', Prefix: prefix, ContinuationToken: token }),
    )
    keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''))
    token = page.NextContinuationToken
  } while (token)
  return keys
}

const deleteBatches = (commands: ReturnType<typeof recordCommands>) =>
  commands
    .filter((command) => command.name === 'DeleteObjectsCommand')
    .map((command) => (command.input as { Delete: { Objects: unknown[] } }).Delete.Objects.length)

beforeEach(() => aws().reset())

describe('scheduled housekeeping', () => {
  it('pages past 1000 objects, deletes in batches of at most 1000 and writes the report', async () => {
    const processed = Array.from(
      { length: 1203 },
      (_, i) => `processed/${String(i).padStart(4, '0')}.json`,
    )
    await putObjects(aws().clients.s3, 'uploads', processed, '0123456789')
    await putObjects(aws().clients.s3, 'uploads', ['incoming/a.csv', 'processedness.txt'])
    const { handler, commands } = build()
    const event = tickAfterRetention(0)

    const run = await invoke(handler, event, invokeOptions)

    expect(run.status).toBe('success')
    expect(deleteBatches(commands)).toEqual([1000, 203])
    expect(commands.filter((command) => command.name === 'ListObjectsV2Command')).toHaveLength(2)
    expect(await keysUnder('processed/')).toEqual([])
    // Only the prefix is cleaned: a sibling key that merely starts with "processed" stays.
    expect((await keysUnder('')).sort()).toEqual(
      ['incoming/a.csv', 'processedness.txt', `reports/${event.time.slice(0, 10)}.json`].sort(),
    )
    const report = JSON.parse(
      (await readObject(aws(), 'uploads', `reports/${event.time.slice(0, 10)}.json`)).body,
    ) as HousekeepingReport
    expect(report).toMatchObject({
      rule: event.resources[0],
      scheduledTime: event.time,
      bucket: 'uploads',
      prefix: 'processed/',
      scanned: 1203,
      deleted: 1203,
      kept: 0,
      bytesFreed: 1203 * 10,
      cutoff: new Date(Date.parse(event.time) - RETENTION_DAYS * DAY_MS).toISOString(),
    })
    expect(run.status === 'success' && run.result).toEqual({ kind: 'housekeeping', report })
  })

  it('keeps summaries younger than the retention period', async () => {
    await putObjects(aws().clients.s3, 'uploads', ['processed/fresh.json'])
    const { handler, commands } = build()
    // Scheduled now: the object is seconds old, far inside 7 days.
    const event = scheduledEvent({ rule: 'keeps-fresh', time: new Date().toISOString() })

    const run = await invoke(handler, event, invokeOptions)

    expect(run.status === 'success' && run.result).toMatchObject({
      kind: 'housekeeping',
      report: { scanned: 1, deleted: 0, kept: 1, bytesFreed: 0 },
    })
    expect(deleteBatches(commands)).toEqual([])
    expect(await keysUnder('processed/')).toEqual(['processed/fresh.json'])
  })

  it('does the work once per tick: redeliveries, concurrent copies and a second event id for it', async () => {
    const { handler, commands } = build()
    let minute = 10
    const report = await deliverDuplicates(handler, tickAfterRetention(minute), {
      ...invokeOptions,
      times: 4,
      // Each mode gets its own tick, so the concurrent round is not a replay of the first.
      eventForMode: () => tickAfterRetention(minute++),
      beforeMode: () =>
        putObjects(aws().clients.s3, 'uploads', ['processed/a.json', 'processed/b.json']),
      probe: () => commands.filter((command) => command.name === 'PutObjectCommand').length,
    })
    expect(report.sideEffects).toEqual({ sequential: 1, concurrent: 1 })
    // Concurrent losers are told the tick is in progress (Lambda retries them and they replay).
    const concurrent = report.runs.concurrent?.invocations ?? []
    expect(concurrent.filter((run) => run.status === 'success')).toHaveLength(1)
    for (const run of concurrent.filter((run) => run.status === 'error')) {
      expect(run.status === 'error' && run.error.errorType).toBe('IdempotencyInProgressError')
    }

    // Same rule and scheduled time, another EventBridge id: still the same tick.
    const again = { ...tickAfterRetention(10), id: 'another-delivery-of-the-same-tick' }
    const writesBefore = commands.length
    const replay = await invoke(handler, again, invokeOptions)
    expect(replay.status).toBe('success')
    expect(commands.length).toBe(writesBefore)
  })

  it('reports keys S3 refused to delete, and the async retry finishes the job', async () => {
    const keys = ['processed/1.json', 'processed/2.json', 'processed/3.json']
    await putObjects(aws().clients.s3, 'uploads', keys)
    const { handler, s3 } = build()
    refuseDeletesOnce(s3, ['processed/2.json'])
    const event = tickAfterRetention(30)

    const async = await invokeAsync(handler, event, {
      clock: new VirtualClock(),
      onFailure: { sqs: aws().clients.sqs, queueUrl: aws().queueUrl('failures') },
    })

    expect(async.attempts.map((attempt) => attempt.status)).toEqual(['error', 'success'])
    const first = async.attempts[0]?.invocation
    expect(first?.status === 'error' && first.thrown).toBeInstanceOf(HousekeepingIncompleteError)
    expect(first?.status === 'error' && first.error.errorMessage).toContain(
      'processed/2.json (AccessDenied',
    )
    expect(async.condition).toBe('Success')
    expect(await keysUnder('processed/')).toEqual([])
    // The report is written by the attempt that finished; it counts what that attempt deleted.
    const report = JSON.parse(
      (await readObject(aws(), 'uploads', `reports/${event.time.slice(0, 10)}.json`)).body,
    ) as HousekeepingReport
    expect(report).toMatchObject({ scanned: 1, deleted: 1 })
    expect(await readDestinationRecords(aws(), 'failures')).toEqual([])
  })

  it('sends the original event to the on-failure destination when every attempt fails', async () => {
    const s3 = new S3Client({})
    const store = new DynamoDBStore({ client: aws().clients.dynamodb, tableName: 'idempotency' })
    const handler = createHandler({
      config: { ...configFor(), uploadsBucket: 'no-such-bucket' },
      s3,
      sqs: new SQSClient({}),
      store,
    })
    const event = tickAfterRetention(40)

    const async = await invokeAsync(handler, event, {
      clock: new VirtualClock(),
      onFailure: { sqs: aws().clients.sqs, queueUrl: aws().queueUrl('failures') },
    })

    expect(async.attempts.map((attempt) => [attempt.status, attempt.offsetMs])).toEqual([
      ['error', 0],
      ['error', 60_000],
      ['error', 180_000],
    ])
    const [record] = await readDestinationRecords(aws(), 'failures')
    expect(record?.requestContext).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    })
    expect(record?.requestPayload).toEqual(event)
    expect(record?.responsePayload).toMatchObject({ errorType: 'NoSuchBucket' })
  })
})
