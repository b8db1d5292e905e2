import { gzipSync } from 'node:zlib'
import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { DynamoDBStore, type IdempotencyStore, MemoryStore } from '@repo/idempotency'
import { decodeLogsData } from '@repo/runtime'
import {
  cloudWatchLogsControlEvent,
  cloudWatchLogsEvent,
  listCorpus,
  loadCorpusEvent,
} from '@repo/shared'
import {
  countMessages,
  deliverDuplicates,
  invoke,
  invokeAsync,
  readDestinationRecords,
  readQueue,
  useLocalAws,
} from '@repo/shared/harness'
import type { CloudWatchLogsEvent } from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ARCHIVE_CODEC } from '../src/archive.ts'
import { createHandler } from '../src/handler.ts'
import { declaration } from '../src/trigger.ts'
import { ARCHIVE_BUCKET, configFor, listArchive, readArchive } from './support/local.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  {
    buckets: [ARCHIVE_BUCKET],
    queues: ['alerts', 'failures'],
    tables: [{ name: 'idempotency', partitionKey: 'id' }],
  },
)
let s3: S3Client
let sqs: SQSClient
beforeAll(() => {
  s3 = new S3Client({})
  sqs = new SQSClient({})
})
afterAll(() => {
  s3.destroy()
  sqs.destroy()
})
beforeEach(() => aws().reset())

const handlerWith = (store: IdempotencyStore = new MemoryStore()) =>
  createHandler({ config: configFor(aws().queueUrl('alerts')), s3, sqs, store })
const dynamoStore = () =>
  new DynamoDBStore({ client: aws().clients.dynamodb, tableName: 'idempotency' })

const requestId = '6c2b9ab2-2f5f-4b8e-9a4c-1b2d3e4f5a6b'
let batches = 0
/** A batch mixing every kind of line, with secrets and errors; unique ids per call. */
const mixedBatch = (errors = 2) => {
  const base = Date.parse('2024-05-06T07:08:09Z') + ++batches * 1000
  const lines = [
    `START RequestId: ${requestId} Version: $LATEST`,
    JSON.stringify({ level: 'INFO', requestId, message: 'order placed', password: 'hunter2' }),
    `2024-05-06T07:08:09.100Z\t${requestId}\tINFO\tcalling postgres://app:pa55word@db:5432/x`,
    'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature',
    'key AKIAIOSFODNN7EXAMPLE, secret aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ...Array.from({ length: errors }, (_, i) =>
      i % 2 === 0
        ? JSON.stringify({
            level: 'ERROR',
            requestId,
            message: `payment ${i} failed`,
            token: 'tok_live_123',
          })
        : `2024-05-06T07:08:09.200Z\t${requestId}\tERROR\tUnhandled TypeError ${i}`,
    ),
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t`,
  ]
  return cloudWatchLogsEvent({
    logGroup: '/aws/lambda/orders-api',
    logEvents: lines.map((message, i) => ({
      message,
      timestamp: base + i,
      id: `${base}${String(i).padStart(4, '0')}`.padStart(56, '3'),
    })),
  })
}
const secrets = [
  'hunter2',
  'pa55word',
  'eyJhbGciOiJIUzI1NiJ9',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI',
  'tok_live_123',
]

describe('a log batch', () => {
  it('is archived as compressed NDJSON under logs/<group>/<yyyy>/<mm>/<dd>/<first id>, redacted', async () => {
    const event = mixedBatch()
    const run = await invoke(handlerWith(), event)
    expect(run.status).toBe('success')

    const keys = await listArchive(s3)
    expect(keys).toHaveLength(1)
    const [key = ''] = keys
    expect(key).toMatch(
      /^logs\/aws\/lambda\/orders-api\/2024\/05\/06\/3+\d+0000\.ndjson\.(zst|gz)$/,
    )
    expect(key.endsWith(`.ndjson.${ARCHIVE_CODEC.extension}`)).toBe(true)
    const archive = await readArchive(s3, key)
    expect(archive.contentType).toBe('application/x-ndjson')
    expect(archive.contentEncoding).toBe(ARCHIVE_CODEC.contentEncoding)
    expect(archive.metadata['log-group']).toBe(encodeURIComponent('/aws/lambda/orders-api'))
    const sent = decodeLogsData(event.awslogs.data).logEvents
    expect(archive.lines.map((line) => [line.id, line.timestamp])).toEqual(
      sent.map((logEvent) => [logEvent.id, logEvent.timestamp]),
    )
    // Level and request id where the line says them; the kind is not written (README, Archive).
    expect(archive.lines.map((line) => [line.level ?? '-', line.requestId ?? '-'])).toEqual([
      ['-', requestId],
      ['INFO', requestId],
      ['INFO', requestId],
      ['-', '-'],
      ['-', '-'],
      ['ERROR', requestId],
      ['ERROR', requestId],
      ['-', requestId],
      ['-', requestId],
    ])
    expect(archive.lines.at(-1)?.message).toBe(sent.at(-1)?.message)
    for (const secret of secrets) expect(archive.text).not.toContain(secret)
    expect(run.status === 'success' && run.result).toEqual({
      logGroup: '/aws/lambda/orders-api',
      events: 9,
      archived: key,
      alerts: 2,
    })
  })

  it('sends error-level events to the alerts queue, redacted, in batches of at most 10', async () => {
    const run = await invoke(handlerWith(), mixedBatch(23))
    expect(run.status).toBe('success')
    const alerts = await readQueue(aws(), 'alerts')
    expect(alerts).toHaveLength(23)
    const bodies = alerts.map((alert) => JSON.parse(alert.body) as Record<string, unknown>)
    expect(
      bodies.every((body) => body.level === 'ERROR' && body.logGroup === '/aws/lambda/orders-api'),
    ).toBe(true)
    for (const secret of secrets) expect(JSON.stringify(bodies)).not.toContain(secret)
  })

  it('cuts a huge error line in its alert but archives it whole', async () => {
    const huge = `ERROR ${'x'.repeat(300_000)}`
    await invoke(handlerWith(), cloudWatchLogsEvent({ logEvents: [huge, huge] }))
    const alerts = await readQueue(aws(), 'alerts')
    expect(alerts).toHaveLength(2)
    for (const alert of alerts) {
      expect(JSON.parse(alert.body).message).toMatch(/… \[truncated\]$/)
      expect(Buffer.byteLength(alert.body)).toBeLessThan(16 * 1024)
    }
    const [key = ''] = await listArchive(s3)
    expect((await readArchive(s3, key)).lines[0]?.message).toBe(huge)
  })

  it('with no error events sends no alert', async () => {
    await invoke(handlerWith(), mixedBatch(0))
    expect(await countMessages(aws(), 'alerts')).toBe(0)
    expect(await listArchive(s3)).toHaveLength(1)
  })

  it('CONTROL_MESSAGE is acknowledged and nothing is written or sent', async () => {
    const store = new MemoryStore()
    const run = await invoke(handlerWith(store), cloudWatchLogsControlEvent())
    expect(run.status === 'success' && run.result).toEqual({ skipped: 'CONTROL_MESSAGE' })
    expect(await listArchive(s3)).toEqual([])
    expect(await countMessages(aws(), 'alerts')).toBe(0)
  })

  it.each([
    ['bad base64', 'not base64 at all!', 'LogsDataBase64Error'],
    ['bad gzip', Buffer.from('plain').toString('base64'), 'LogsDataGzipError'],
    ['bad JSON', gzipSync('hello').toString('base64'), 'LogsDataJsonError'],
  ])('%s fails the invocation with a typed error', async (_name, data, errorType) => {
    const run = await invoke(handlerWith(), { awslogs: { data } })
    expect(run.status).toBe('error')
    expect(run.status === 'error' && run.error.errorType).toBe(errorType)
  })
})

describe('the corpus samples', () => {
  for (const sample of listCorpus('cloudwatch-logs')) {
    it(`${sample.file} is handled`, async () => {
      const event = loadCorpusEvent<CloudWatchLogsEvent>(sample.file)
      const run = await invoke(handlerWith(), event)
      if (event.awslogs.data.includes('...')) {
        expect(run.status === 'error' && run.error.errorType).toBe('LogsDataBase64Error')
        return
      }
      expect(run.status).toBe('success')
      const result = run.status === 'success' ? run.result : undefined
      if (result && 'archived' in result) {
        const archive = await readArchive(s3, result.archived)
        expect(archive.lines).toHaveLength(result.events)
      } else {
        expect(result).toEqual({ skipped: 'CONTROL_MESSAGE' })
      }
    })
  }
})

describe('idempotent per batch', () => {
  it('a redelivered batch writes and sends nothing new', async () => {
    const handler = handlerWith(dynamoStore())
    const event = mixedBatch(3)
    await invoke(handler, event)
    const redelivered = await invoke(handler, { awslogs: { data: event.awslogs.data } })

    expect(redelivered.status).toBe('success')
    expect(await countMessages(aws(), 'alerts')).toBe(3)
    expect(await listArchive(s3)).toHaveLength(1)
    // The redelivery replayed before reaching S3: the object was written once.
    expect(redelivered.logs.some((line) => line.message.includes('log batch archived'))).toBe(false)
  })

  it('duplicate deliveries, sequential and concurrent, send each alert once', async () => {
    const handler = handlerWith(dynamoStore())
    const events = { sequential: mixedBatch(1), concurrent: mixedBatch(1) }
    const report = await deliverDuplicates(handler, events.sequential, {
      // The idempotency lock lasts until the deadline: run with the declared timeout, not Lambda's 3 s default.
      timeoutSeconds: declaration.function.timeout,
      times: 4,
      eventForMode: (mode) => events[mode],
      probe: () => countMessages(aws(), 'alerts'),
    })
    expect(report.sideEffects).toEqual({ sequential: 1, concurrent: 1 })
    expect(await listArchive(s3)).toHaveLength(2)
    const statuses = Object.values(report.runs)
      .flatMap((run) => run?.invocations ?? [])
      .map((r) => r.status)
    expect(statuses).toEqual(Array(8).fill('success'))
  })
})

describe('asynchronous invocation', () => {
  it('an undecodable batch is retried and ends in the on-failure destination, unchanged', async () => {
    const event = { awslogs: { data: Buffer.from('truncated').toString('base64') } }
    const report = await invokeAsync(handlerWith(dynamoStore()), event, {
      onFailure: { sqs: aws().clients.sqs, queueUrl: aws().queueUrl('failures') },
    })
    expect(report.attempts.map((attempt) => attempt.status)).toEqual(['error', 'error', 'error'])
    const [record] = await readDestinationRecords(aws(), 'failures')
    expect(record?.requestContext.condition).toBe('RetriesExhausted')
    expect(record?.requestPayload).toEqual(event)
    expect(record?.responsePayload).toMatchObject({ errorType: 'LogsDataGzipError' })
  })

  it('an archive write that fails is retried, and the retry archives and alerts once', async () => {
    const flaky = new S3Client({})
    let failures = 1
    flaky.middlewareStack.add(
      (next) => async (args) => {
        if (failures-- > 0)
          throw Object.assign(new Error('socket hang up'), { name: 'NetworkError' })
        return next(args)
      },
      { step: 'initialize' },
    )
    const handler = createHandler({
      config: configFor(aws().queueUrl('alerts')),
      s3: flaky,
      sqs,
      store: dynamoStore(),
    })
    const report = await invokeAsync(handler, mixedBatch(2))
    flaky.destroy()
    expect(report.attempts.map((attempt) => attempt.status)).toEqual(['error', 'success'])
    expect(report.condition).toBe('Success')
    expect(await countMessages(aws(), 'alerts')).toBe(2)
    expect(await listArchive(s3)).toHaveLength(1)
  })
})
