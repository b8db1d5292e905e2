import { gzipSync } from 'node:zlib'
import { MemoryStore, processRecordsOnce, toSqsBatchResponse } from '@repo/idempotency'
import { albKey, deriveKey, detectTrigger, recordKey, s3RecordKey } from '@repo/idempotency/keys'
import { MalformedS3KeyError } from '@repo/runtime'
import { loadCorpusEvent } from '@repo/shared'
import type { ALBEvent, S3EventRecord, SQSRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaContext } from './support/context.ts'
import { recordingLogger } from './support/log.ts'

const context = lambdaContext({ awsRequestId: 'rid' })

describe('key edges', () => {
  it('explains each refused Idempotency-Key header', () => {
    const event = loadCorpusEvent<ALBEvent>('awsdocs-lambda-dg__alb__services-alb-request')
    const reason = (headers: Partial<ALBEvent>) => {
      const key = albKey({ ...event, headers: undefined, multiValueHeaders: undefined, ...headers })
      return key.kind === 'invalid' ? key.reason : key.kind
    }
    expect(reason({ multiValueHeaders: { 'idempotency-key': ['a', 'b'] } })).toBe(
      'Send exactly one Idempotency-Key header.',
    )
    expect(reason({ headers: { 'idempotency-key': '' } })).toBe(
      'The Idempotency-Key header is empty.',
    )
    expect(reason({ headers: { 'idempotency-key': 'x'.repeat(256) } })).toBe(
      'The Idempotency-Key header is longer than 255 characters.',
    )
    expect(reason({ headers: { 'idempotency-key': 'a\nb' } })).toBe(
      'The Idempotency-Key header contains control characters.',
    )
  })

  it('recognises EventBridge only with both detail-type and id, and CloudWatch Logs only with data', () => {
    expect(detectTrigger({ 'detail-type': 'x' })).toBeUndefined()
    expect(detectTrigger({ id: 'x' })).toBeUndefined()
    expect(detectTrigger({ 'detail-type': 'x', id: 'y' })).toBe('eventbridge')
    expect(detectTrigger({ awslogs: {} })).toBeUndefined()
    expect(detectTrigger({ awslogs: { data: 5 } })).toBeUndefined()
  })

  it('keys an EventBridge event as a schedule tick only when it is one: "Scheduled Event" from aws.events, with a time and a rule', () => {
    const tick = {
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      id: 'the-id',
      time: '2026-11-30T10:00:00Z',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/hourly'],
      detail: {},
    }
    const keyOf = (event: object) => deriveKey('eventbridge', event, context)
    expect(keyOf(tick)).toBe(`eb:tick:${tick.resources[0]}@${tick.time}`)
    const { time: _time, ...noTime } = tick
    const { resources: _resources, ...noResources } = tick
    for (const notATick of [
      { ...tick, 'detail-type': 'EC2 Instance State-change Notification' },
      // Anyone may put an event that calls itself scheduled; only EventBridge's own source is.
      { ...tick, source: 'my.app' },
      noTime,
      { ...tick, resources: [] },
      noResources,
    ])
      expect(keyOf(notATick)).toBe('eb:the-id')
  })

  it('joins the ids of every record in a batch, and keys a job without data on its id', () => {
    const sns = {
      Records: [1, 2].map((n) => ({ EventSource: 'aws:sns', Sns: { MessageId: `m${n}` } })),
    }
    expect(deriveKey('sns', sns, context)).toBe('sns:m1|sns:m2')
    const s3 = loadCorpusEvent<{ Records: S3EventRecord[] }>('awsdocs-lambda-dg__s3__with-s3-put')
    const two = { Records: [s3.Records[0], s3.Records[0]] }
    const one = deriveKey('s3', s3, context)
    expect(deriveKey('s3', two, context)).toBe(`${one}|${one}`)
    expect(deriveKey('codepipeline', { 'CodePipeline.job': { id: 'j' } }, context)).toBe('cp:j')
  })

  it('keys a CloudWatch Logs DATA_MESSAGE without log events on the request id', () => {
    const data = Buffer.from(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: 'g',
        logStream: 's',
        subscriptionFilters: ['f'],
        logEvents: [],
      }),
    )
    const event = { awslogs: { data: gzipSync(data).toString('base64') } }
    expect(deriveKey('cloudwatch-logs', event, context)).toBe('req:rid')
  })

  it('keys unreadable log data (JSON null, no logEvents, a gzip bomb) on its bytes, without inflating it all', () => {
    const encoded = (payload: Buffer) => ({
      awslogs: { data: gzipSync(payload).toString('base64') },
    })
    const bomb = encoded(Buffer.alloc(64 * 1024 * 1024))
    const unreadable = [
      encoded(Buffer.from('null')),
      encoded(Buffer.from(JSON.stringify({ messageType: 'DATA_MESSAGE', logGroup: 'g' }))),
      bomb,
    ]
    const keys = unreadable.map((event) => deriveKey('cloudwatch-logs', event, context))
    for (const key of keys) expect(key).toMatch(/^cwl:data:\S+$/)
    expect(new Set(keys).size).toBe(keys.length)
    // A redelivery (a new object, the same bytes) gets the same key.
    expect(deriveKey('cloudwatch-logs', structuredClone(bomb), context)).toBe(keys[2])
  })

  it('refuses an S3 key S3 could not have encoded, and keys an unversioned change without a sequencer', () => {
    const record = (key: string) =>
      ({
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: 'b' }, object: { key } },
      }) as unknown as S3EventRecord
    expect(() => s3RecordKey(record('100%25+sure%E0%A4%A'))).toThrow(MalformedS3KeyError)
    expect(s3RecordKey(record('100%25+sure'))).toBe('s3:b/100% sure@#ObjectCreated:Put')
  })

  it('tells a log event from other records only by a non-empty string id and a string message', () => {
    expect(recordKey({ id: 'e1', message: 'm' })).toBe('cwl:e1')
    for (const record of [
      { id: '', message: 'm' },
      { id: 'e1' },
      { id: 5, message: 'm' },
      { message: 'm' },
      null,
    ])
      expect(() => recordKey(record)).toThrow(
        'Cannot tell this record apart from others: it has no SQS messageId, SNS MessageId, S3 change or log event id. Pass `key: (record) => ...` to processRecordsOnce.',
      )
  })
})

describe('per-record edges', () => {
  it('treats a record with no outcome as not failed in the SQS batch response', () => {
    const records = [{ messageId: 'a' }, { messageId: 'b' }] as SQSRecord[]
    expect(toSqsBatchResponse(records, [{ status: 'failed', error: 1 }])).toEqual({
      batchItemFailures: [{ itemIdentifier: 'a' }],
    })
  })

  it('fails a record whose lock cannot be taken, naming the store failure', async () => {
    const store = new MemoryStore()
    store.acquire = () => {
      throw new Error('throttled')
    }
    const [outcome] = await processRecordsOnce(['a'], () => 1, { store, context, key: (r) => r })
    expect(outcome).toMatchObject({ status: 'failed' })
    expect(String((outcome as { error: Error }).error.message)).toBe(
      'Idempotency store acquire failed for key "test-fn#a": throttled. The handler did not run; retry once the store is reachable.',
    )
  })

  it('logs a payload mismatch and an in-progress record with their details', async () => {
    const store = new MemoryStore()
    const { logger, lines } = recordingLogger('DEBUG')
    const options = { store, context, key: () => 'k', fingerprint: (r: string) => r, logger }
    await processRecordsOnce(['one'], () => 1, options)
    await processRecordsOnce(['two'], () => 1, options)
    store.acquire({
      key: 'test-fn#busy',
      owner: 'x',
      expiresAt: Date.now() + 60_000,
      now: Date.now(),
    })
    await processRecordsOnce(['x'], () => 1, {
      ...options,
      key: () => 'busy',
      fingerprint: undefined,
    })
    expect(lines).toEqual([
      expect.objectContaining({ level: 'WARN', idempotency: 'payload_mismatch', key: 'test-fn#k' }),
      expect.objectContaining({
        idempotency: 'in_progress',
        key: 'test-fn#busy',
        retryAfterMs: expect.any(Number),
      }),
    ])
  })
})
