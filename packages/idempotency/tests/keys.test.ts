import { albKey, deriveKey, detectTrigger } from '@repo/idempotency/keys'
import { listCorpus, loadCorpusEvent } from '@repo/shared'
import type { ALBEvent, CloudWatchLogsEvent, EventBridgeEvent, S3Event } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaContext } from './support/context.ts'

const context = lambdaContext({ awsRequestId: 'the-request-id' })
const keyOf = (event: unknown): string =>
  deriveKey(detectTrigger(event) ?? 'invocation', event, context)

const expectTrigger: Record<string, string> = {
  alb: 'alb',
  eventbridge: 'eventbridge',
  'eventbridge-scheduled': 'eventbridge',
  'eventbridge-codepipeline': 'eventbridge',
  'eventbridge-s3': 'eventbridge',
  sns: 'sns',
  'sns-cloudwatch-alarm': 'sns',
  s3: 's3',
  codepipeline: 'codepipeline',
  'cloudwatch-logs': 'cloudwatch-logs',
  sqs: 'sqs',
  'sqs-sns': 'sqs',
  'sqs-s3': 'sqs',
}

describe('trigger detection on the real-event corpus', () => {
  for (const entry of listCorpus().filter((e) => e.trigger in expectTrigger)) {
    it(`${entry.file} is ${expectTrigger[entry.trigger]}`, () => {
      const event = loadCorpusEvent(entry.file)
      // S3's setup TestEvent and S3 Object Lambda events carry no Records: not S3 changes, so they
      // are not detected (key them with `trigger: 'invocation'`).
      const hasRecords = Array.isArray((event as { Records?: unknown }).Records)
      const expected =
        entry.trigger === 's3' && !hasRecords ? undefined : expectTrigger[entry.trigger]
      expect(detectTrigger(event)).toBe(expected)
    })
  }
  it('detects nothing in other shapes; the invocation trigger keys them on the request id', () => {
    expect(detectTrigger(loadCorpusEvent('sam-cli__cloudfront__CloudFrontABTest'))).toBeUndefined()
    expect(detectTrigger('text')).toBeUndefined()
    expect(keyOf({ anything: 1 })).toBe('req:the-request-id')
  })
})

describe('keys per trigger', () => {
  it('EventBridge: a schedule tick by its rule and time, any other event by its id', () => {
    let ticks = 0
    for (const entry of listCorpus().filter((e) => e.trigger.startsWith('eventbridge'))) {
      const event = loadCorpusEvent<EventBridgeEvent<string, unknown>>(entry.file)
      if (event['detail-type'] === 'Scheduled Event' && event.source === 'aws.events') {
        ticks++
        expect(keyOf(event)).toBe(`eb:tick:${event.resources[0]}@${event.time}`)
        // A replay (a new id) of the same tick is the same tick.
        expect(keyOf({ ...event, id: 'replayed' })).toBe(keyOf(event))
      } else expect(keyOf(event)).toBe(`eb:${event.id}`)
    }
    expect(ticks).toBeGreaterThanOrEqual(3)
  })

  it('SNS: the MessageId', () => {
    const event = loadCorpusEvent('awsdocs-lambda-dg__sns__with-sns')
    expect(keyOf(event)).toBe('sns:95df01b4-ee98-5cb9-9903-4c221d41eb5e')
  })

  it('SQS: the messageIds', () => {
    for (const entry of listCorpus('sqs')) {
      const event = loadCorpusEvent<{ Records: { messageId: string }[] }>(entry.file)
      expect(keyOf(event)).toBe(event.Records.map((r) => `sqs:${r.messageId}`).join('|'))
    }
  })

  it('S3: bucket, decoded key, version or sequencer, event name, per record', () => {
    const spaced = loadCorpusEvent<S3Event>('derived__s3__put-key-with-spaces-and-plus')
    const record = spaced.Records[0]
    expect(record).toBeDefined()
    const decoded = decodeURIComponent(record?.s3.object.key.replace(/\+/g, ' ') ?? '')
    expect(keyOf(spaced)).toContain(`/${decoded}@`)
    expect(decoded).toContain(' ')
    for (const entry of listCorpus('s3')) {
      const event = loadCorpusEvent<S3Event>(entry.file)
      if (!Array.isArray(event.Records)) continue
      const key = keyOf(event)
      for (const r of event.Records) {
        expect(key).toContain(`s3:${r.s3.bucket.name}/`)
        expect(key).toContain(`#${r.eventName}`)
        const version = r.s3.object.versionId ?? r.s3.object.sequencer
        if (version) expect(key).toContain(`@${version}#`)
      }
    }
  })

  it('S3: two writes of one object are two keys; a redelivery is the same key', () => {
    const event = loadCorpusEvent<S3Event>('awsdocs-lambda-dg__s3__with-s3-put')
    const again = loadCorpusEvent<S3Event>('awsdocs-lambda-dg__s3__with-s3-put')
    expect(keyOf(again)).toBe(keyOf(event))
    const later = structuredClone(event)
    const obj = later.Records[0]?.s3.object
    if (obj) obj.sequencer = 'FFFFFFFFFFFFFFFFFF'
    expect(keyOf(later)).not.toBe(keyOf(event))
  })

  it('CodePipeline: the job id, plus the continuation token on a continuation', () => {
    for (const entry of listCorpus('codepipeline')) {
      const event = loadCorpusEvent<{
        'CodePipeline.job': { id: string; data: { continuationToken?: string } }
      }>(entry.file)
      const job = event['CodePipeline.job']
      const token = job.data.continuationToken
      expect(keyOf(event)).toBe(token ? `cp:${job.id}:${token}` : `cp:${job.id}`)
    }
  })

  it('CloudWatch Logs: log group and the decoded log event ids; control messages use the request id', () => {
    for (const entry of listCorpus('cloudwatch-logs')) {
      const event = loadCorpusEvent<CloudWatchLogsEvent>(entry.file)
      const key = keyOf(event)
      if (entry.name.startsWith('control-message')) expect(key).toBe('req:the-request-id')
      else expect(key).toMatch(/^cwl:/)
    }
    const base = loadCorpusEvent<CloudWatchLogsEvent>('powertools-ts__cloudwatch-logs__base')
    expect(keyOf(base)).toMatch(
      /^cwl:\/aws\/lambda\/some-other-name:38569604798453153764115268074363468419149517103543812096,/,
    )
    const sam = loadCorpusEvent<CloudWatchLogsEvent>('sam-cli__cloudwatch-logs__CloudwatchLogs')
    expect(keyOf(sam)).toBe('cwl:testLogGroup:eventId1,eventId2')
    // The documentation sample is truncated base64: still a stable key, from the data itself.
    const truncated = loadCorpusEvent<CloudWatchLogsEvent>(
      'awsdocs-lambda-dg__cloudwatch-logs__services-cloudwatchlogs',
    )
    expect(keyOf(truncated)).toMatch(/^cwl:data:/)
  })

  it('ALB: the Idempotency-Key header, case-insensitive, single and multi-value, scoped by method and path', () => {
    for (const entry of listCorpus('alb')) {
      const event = loadCorpusEvent<ALBEvent>(entry.file)
      expect(albKey(event)).toEqual({ kind: 'absent' })
      const single = {
        ...event,
        multiValueHeaders: undefined,
        headers: { ...event.headers, 'IDEMPOTENCY-key': 'k1' },
      }
      expect(albKey(single)).toEqual({
        kind: 'key',
        key: `alb:${event.httpMethod} ${event.path}:k1`,
      })
      const multi = {
        ...event,
        headers: undefined,
        multiValueHeaders: { 'Idempotency-Key': ['"k1"'] },
      }
      expect(albKey(multi)).toEqual({
        kind: 'key',
        key: `alb:${event.httpMethod} ${event.path}:k1`,
      })
      const twice = { ...multi, multiValueHeaders: { 'idempotency-key': ['a', 'b'] } }
      expect(albKey(twice).kind).toBe('invalid')
    }
  })

  it('ALB: rejects keys over 255 characters, empty, or with control characters', () => {
    const event = loadCorpusEvent<ALBEvent>('awsdocs-lambda-dg__alb__services-alb-request')
    const withKey = (key: string) => albKey({ ...event, headers: { 'idempotency-key': key } })
    expect(withKey('x'.repeat(255)).kind).toBe('key')
    expect(withKey('x'.repeat(256)).kind).toBe('invalid')
    expect(withKey('a\u0000b').kind).toBe('invalid')
    expect(withKey('a\tb').kind).toBe('invalid')
    expect(withKey('').kind).toBe('invalid')
  })
})
