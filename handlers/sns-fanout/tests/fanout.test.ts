import { SQSClient } from '@aws-sdk/client-sqs'
import { DynamoDBStore } from '@repo/idempotency'
import { loadCorpusEvent, s3Event, s3Record, snsEvent, snsRecord } from '@repo/shared'
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
import type { SNSEvent } from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Config } from '../src/config.ts'
import { FanoutIncompleteError } from '../src/errors.ts'
import { createHandler } from '../src/handler.ts'
import { declaration } from '../src/trigger.ts'
import { failEntriesOnce, receiveAll, recordBatches } from './support/sqs-spies.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  {
    queues: [
      'orders',
      'invoices',
      'uploads',
      'catch-all',
      'failures',
      // SQS refuses messages over this size: a real, permanent per-entry failure.
      { name: 'tiny', attributes: { MaximumMessageSize: '1024' } },
    ],
    tables: [{ name: 'idempotency', partitionKey: 'id' }],
  },
)

const configFor = (routes: Record<string, string> = {}): Config => ({
  routes: new Map(
    Object.entries({
      order: aws().queueUrl('orders'),
      invoice: aws().queueUrl('invoices'),
      s3: aws().queueUrl('uploads'),
      ...routes,
    }),
  ),
  catchAllQueueUrl: aws().queueUrl('catch-all'),
})

const build = (config = configFor()) => {
  const sqs = new SQSClient({})
  const batches = recordBatches(sqs)
  const sleeps: number[] = []
  const handler = createHandler({
    config,
    sqs,
    store: new DynamoDBStore({ client: aws().clients.dynamodb, tableName: 'idempotency' }),
    // Backoff is recorded, not waited for: the test is about which entries are retried.
    retry: { sleep: async (ms) => void sleeps.push(ms) },
  })
  return { handler, sqs, batches, sleeps }
}

let unique = 0
const orders = (count: number, size = 0) =>
  Array.from({ length: count }, (_, i) =>
    snsRecord({
      message: JSON.stringify({ n: i, run: unique++, pad: 'x'.repeat(size) }),
      attributes: { type: 'order' },
    }),
  )

beforeEach(() => aws().reset())

describe('routing', () => {
  it('routes by the type attribute, a JSON type field, S3 content, and sends the rest to the catch-all', async () => {
    const { handler } = build()
    const upload = s3Event([s3Record({ bucket: 'in', key: 'a b.csv' })])
    const event = snsEvent([
      snsRecord({ message: 'plain text order', attributes: { type: 'order' } }),
      snsRecord({ message: JSON.stringify({ type: 'invoice', id: 7 }) }),
      snsRecord({ message: upload, subject: 'Amazon S3 Notification' }),
      snsRecord({ message: JSON.stringify({ type: 'refund' }), subject: null }),
      snsRecord({ message: 'no type at all' }),
    ])

    const run = await invoke(handler, event)

    expect(run.status === 'success' && run.result).toEqual({ forwarded: 5, replayed: 0 })
    expect((await readQueue(aws(), 'orders')).map((m) => m.body)).toEqual(['plain text order'])
    expect((await readQueue(aws(), 'invoices')).map((m) => m.body)).toEqual([
      '{"type":"invoice","id":7}',
    ])
    // Unwrapped: the queue gets the S3 event itself, not the SNS envelope.
    const [s3Message] = await readQueue(aws(), 'uploads')
    expect(JSON.parse(s3Message?.body ?? '')).toEqual(upload)
    expect(s3Message?.attributes['sns.Subject']).toBe('Amazon S3 Notification')
    const catchAll = await readQueue(aws(), 'catch-all')
    expect(catchAll.map((m) => m.body).sort()).toEqual(['no type at all', '{"type":"refund"}'])
    // A null Subject carries no attribute.
    expect(catchAll.every((m) => !('sns.Subject' in m.attributes))).toBe(true)
  })

  it('forwards every SNS sample in the corpus, none dropped', async () => {
    const { handler } = build()
    const files = [
      'awsdocs-lambda-dg__sns__with-sns',
      'lambda-go__sns__sns-event',
      'lambda-java__sns__sns_event',
      'lambda-rust__sns__example-sns-event-obj',
      'lambda-rust__sns__example-sns-event-pascal-case',
      'powertools-ts__sns__base',
    ]
    for (const file of files) {
      const event = loadCorpusEvent<SNSEvent>(file)
      // Samples share MessageIds; make each unique so none replays another.
      const record = event.Records[0]
      if (record) record.Sns.MessageId = `${record.Sns.MessageId}-${file}`
      const run = await invoke(handler, event)
      expect(run.status, file).toBe('success')
    }
    const bodies = (await readQueue(aws(), 'catch-all')).map((m) => m.body)
    expect(bodies.sort()).toEqual(
      files.map((file) => loadCorpusEvent<SNSEvent>(file).Records[0]?.Sns.Message).sort(),
    )
  })

  it('carries String, Number, Binary and String.Array attributes with the types SQS knows', async () => {
    const { handler, sqs } = build()
    const bytes = new Uint8Array([0, 1, 2, 250, 255])
    const record = snsRecord({
      message: 'typed',
      subject: 'Hello',
      attributes: { type: 'order', count: 42, blob: bytes, tags: ['a', 'b'] },
    })
    await invoke(handler, snsEvent([record]))

    const [message] = await receiveAll(sqs, aws().queueUrl('orders'))
    const attributes = message?.MessageAttributes ?? {}
    expect(attributes.type).toMatchObject({ DataType: 'String', StringValue: 'order' })
    expect(attributes.count).toMatchObject({ DataType: 'Number', StringValue: '42' })
    expect(attributes.blob?.DataType).toBe('Binary')
    expect([...(attributes.blob?.BinaryValue ?? [])]).toEqual([...bytes])
    expect(attributes.tags).toMatchObject({ DataType: 'String.Array', StringValue: '["a","b"]' })
    expect(attributes['sns.MessageId']?.StringValue).toBe(record.Sns.MessageId)
    expect(attributes['sns.TopicArn']?.StringValue).toBe(record.Sns.TopicArn)
    expect(attributes['sns.Subject']?.StringValue).toBe('Hello')
  })

  it('keeps to SQS’s 10 attributes: the publisher’s first, and says which were left out', async () => {
    const { handler, sqs } = build()
    const attributes = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`a${String(i).padStart(2, '0')}`, `v${i}`]),
    )
    const run = await invoke(
      handler,
      snsEvent([snsRecord({ message: 'many', attributes: { ...attributes, type: 'order' } })]),
    )

    const [message] = await receiveAll(sqs, aws().queueUrl('orders'))
    const names = Object.keys(message?.MessageAttributes ?? {}).sort()
    expect(names).toHaveLength(10)
    expect(names).toEqual(Object.keys(attributes).slice(0, 10).sort())
    const warning = run.logs.find((log) => log.level === 'WARN')
    expect(warning?.message).toContain('"dropped":["a10","a11","type"]')
  })
})

describe('batching', () => {
  it('sends 25 messages in batches of at most 10', async () => {
    const { handler, batches } = build()
    await invoke(handler, snsEvent(orders(25)))
    expect(batches.map((batch) => batch.ids.length)).toEqual([10, 10, 5])
    expect(await countMessages(aws(), 'orders')).toBe(25)
  })

  it('splits batches to stay within 256 KiB per request', async () => {
    const { handler, batches } = build()
    // ~100 KiB each: two fit in 256 KiB, three do not.
    await invoke(handler, snsEvent(orders(5, 100 * 1024)))
    expect(batches.map((batch) => batch.ids.length)).toEqual([2, 2, 1])
    expect(await countMessages(aws(), 'orders')).toBe(5)
  })

  it('retries only the entries SQS failed, once each, with backoff', async () => {
    const { handler, sqs, batches, sleeps } = build()
    const records = orders(12)
    const failing = [records[3]?.Sns.Message ?? '', records[11]?.Sns.Message ?? '']
    failEntriesOnce(sqs, failing)

    const run = await invoke(handler, snsEvent(records))

    expect(run.status).toBe('success')
    expect(batches.map((batch) => batch.bodies.length)).toEqual([10, 2, 1, 1])
    // The two retries are requests of their own, each carrying just the failed entry.
    // (The two batches go out concurrently, so their retries may come in either order.)
    expect(
      batches
        .slice(2)
        .map((batch) => batch.bodies)
        .sort(),
    ).toEqual([[failing[0]], [failing[1]]].sort())
    expect(sleeps).toEqual([100, 100])
    const bodies = (await readQueue(aws(), 'orders')).map((m) => m.body)
    expect(bodies.sort()).toEqual(records.map((record) => record.Sns.Message).sort())
  })

  it('does not retry what SQS refuses for good (a message too large for the queue)', async () => {
    const { handler, batches } = build(configFor({ order: aws().queueUrl('tiny') }))
    const [small, large] = [orders(1)[0], orders(1, 2000)[0]]
    if (!small || !large) throw new Error('fixtures')

    const run = await invoke(handler, snsEvent([small, large]))

    expect(run.status).toBe('error')
    expect(run.status === 'error' && run.thrown).toBeInstanceOf(FanoutIncompleteError)
    expect(run.status === 'error' && run.error.errorMessage).toMatch(
      /1 of 2 .*InvalidParameterValue, sender fault/,
    )
    expect(batches).toHaveLength(1)
    expect(await countMessages(aws(), 'tiny')).toBe(1)
  })
})

describe('at-least-once delivery', () => {
  it('forwards each SNS message once under duplicate and concurrent delivery', async () => {
    const { handler } = build()
    const report = await deliverDuplicates(handler, snsEvent(orders(1)), {
      // The idempotency lock lasts until the deadline: run with the declared timeout, not Lambda's 3 s default.
      timeoutSeconds: declaration.function.timeout,
      times: 4,
      eventForMode: () => snsEvent(orders(1)),
      probe: () => countMessages(aws(), 'orders'),
    })
    expect(report.sideEffects).toEqual({ sequential: 1, concurrent: 1 })
  })

  it.each([
    ['{}', {}, 'Records'],
    ['a record without Sns', { Records: [{ EventSource: 'aws:sns' }] }, 'Records[0].Sns'],
    ['Records: null', { Records: null }, 'Records'],
  ])(
    'refuses %s with an EventShapeError naming the field, sending nothing',
    async (_, event, field) => {
      const { handler, batches } = build()
      const run = await invoke(handler, event as unknown as SNSEvent)
      expect(run.status === 'error' && run.error).toMatchObject({
        errorType: 'EventShapeError',
        errorMessage: expect.stringContaining(
          `The SNS event does not have the shape SNS sends: ${field} must be`,
        ),
      })
      expect(batches).toEqual([])
    },
  )

  it('a route to a missing queue fails the event through the retries into the destination, without resending the rest', async () => {
    const missing = `${aws().endpoints.fauxqs}/000000000000/no-such-queue`
    const { handler } = build(configFor({ invoice: missing }))
    const event = snsEvent([
      ...orders(3),
      snsRecord({ message: JSON.stringify({ type: 'invoice', run: unique++ }) }),
    ])

    const async = await invokeAsync(handler, event, {
      clock: new VirtualClock(),
      onFailure: { sqs: aws().clients.sqs, queueUrl: aws().queueUrl('failures') },
    })

    expect(async.attempts.map((attempt) => attempt.status)).toEqual(['error', 'error', 'error'])
    expect(
      async.attempts[0]?.invocation.status === 'error' &&
        async.attempts[0].invocation.error.errorType,
    ).toBe('FanoutIncompleteError')
    // Three attempts, yet the orders went out once: later attempts replayed them.
    expect(await countMessages(aws(), 'orders')).toBe(3)
    const [record] = await readDestinationRecords(aws(), 'failures')
    expect(record?.requestContext.condition).toBe('RetriesExhausted')
    expect(record?.requestPayload).toEqual(event)
  })
})
