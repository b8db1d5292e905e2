import type { S3Event, S3EventRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import {
  assertCloudWatchLogsEvent,
  assertS3Event,
  decodedLogs,
  isS3TestEvent,
} from '../src/index.ts'
import { corpusEvents, shapeError } from './support/corpus.ts'

/** S3 Object Lambda events share the corpus's `s3` label; they are another trigger's events. */
const isObjectLambda = (event: unknown) =>
  typeof event === 'object' && event !== null && 'getObjectContext' in event

/** SAM CLI's samples are templates: `{{{bucket}}}` is a placeholder, not a name S3 sends. */
const isTemplate = (event: unknown) => JSON.stringify(event).includes('{{{')

const notifications = corpusEvents('s3').filter(
  ([, event]) => !isObjectLambda(event) && !isTemplate(event),
)
const [, putEvent] = notifications.find(([file]) => file.includes('object-created-put')) ?? []
/** The corpus put event with its record changed; values are set untyped, as a client might. */
const withRecord = (change: (record: S3EventRecord) => void) => {
  const event = structuredClone(putEvent) as S3Event
  change(event.Records[0] as S3EventRecord)
  return event
}

describe('the S3 guard', () => {
  it('accepts every S3 notification in the corpus, the test event included', () => {
    expect(notifications.length).toBeGreaterThan(10)
    for (const [file, event] of notifications)
      expect(() => assertS3Event(event), file).not.toThrow()
    const [, testEvent] = notifications.find(([file]) => file.includes('test-event')) ?? []
    assertS3Event(testEvent)
    expect(isS3TestEvent(testEvent)).toBe(true)
    assertS3Event(putEvent)
    expect(isS3TestEvent(putEvent)).toBe(false)
  })

  it('refuses an S3 Object Lambda event: it is not a notification', () => {
    const [, objectLambda] = corpusEvents('s3').find(([, event]) => isObjectLambda(event)) ?? []
    expect(shapeError(() => assertS3Event(objectLambda)).field).toBe('Records')
  })

  it('names the field: {}, Records null, a record without s3, a numeric key, a bad escape', () => {
    expect(shapeError(() => assertS3Event({}))).toMatchObject({
      trigger: 'S3',
      field: 'Records',
      message: expect.stringContaining('The S3 event does not have the shape S3 sends: Records'),
    })
    expect(shapeError(() => assertS3Event({ Records: null })).field).toBe('Records')
    expect(
      shapeError(() => assertS3Event(withRecord((record) => Reflect.deleteProperty(record, 's3'))))
        .field,
    ).toBe('Records[0].s3')
    const numericKey = shapeError(() =>
      assertS3Event(withRecord((record) => (record.s3.object.key = 42 as never))),
    )
    expect(numericKey.field).toBe('Records[0].s3.object.key')
    expect(numericKey.message).toContain('but it is number')
    expect(
      shapeError(() => assertS3Event(withRecord((record) => (record.s3.object.key = '%E0%A4%A'))))
        .field,
    ).toBe('Records[0].s3.object.key')
    expect(
      shapeError(() => assertS3Event(withRecord((record) => (record.eventSource = 'aws:sqs'))))
        .field,
    ).toBe('Records[0].eventSource')
    expect(
      shapeError(() => assertS3Event(withRecord((record) => (record.s3.object.size = -1)))).field,
    ).toBe('Records[0].s3.object.size')
    expect(
      shapeError(() =>
        assertS3Event(withRecord((record) => (record.s3.object.versionId = 7 as never))),
      ).field,
    ).toBe('Records[0].s3.object.versionId')
    expect(shapeError(() => assertS3Event({ Event: 's3:TestEvent' })).field).toBe('Bucket')
    for (const name of ['{{{bucket}}}', 'ab', 'b'.repeat(256), 'a/b']) {
      expect(
        shapeError(() => assertS3Event(withRecord((record) => (record.s3.bucket.name = name))))
          .field,
      ).toBe('Records[0].s3.bucket.name')
    }
    const longKey = withRecord((record) => (record.s3.object.key = '%C3%A9'.repeat(513)))
    expect(shapeError(() => assertS3Event(longKey)).field).toBe('Records[0].s3.object.key')
    assertS3Event(withRecord((record) => (record.s3.object.key = '%C3%A9'.repeat(512))))
    assertS3Event(withRecord((record) => (record.s3.bucket.name = 'Legacy_Bucket.Name')))
    const badVersion = withRecord((record) => (record.s3.object.versionId = '\uD800'))
    expect(shapeError(() => assertS3Event(badVersion)).field).toBe('Records[0].s3.object.versionId')
  })

  it('reads own fields only: an inherited Records or s3 is missing', () => {
    const inherited = Object.create({ Records: [] })
    expect(shapeError(() => assertS3Event(inherited)).field).toBe('Records')
    const record = withRecord(() => {}).Records[0] as object
    const { s3, ...rest } = record as { s3: unknown }
    const prototyped = { Records: [Object.assign(Object.create({ s3 }), rest)] }
    expect(shapeError(() => assertS3Event(prototyped)).field).toBe('Records[0].s3')
  })

  it('refuses a non-object event as the event itself', () => {
    for (const event of [undefined, null, 'x', 1, []]) {
      expect(shapeError(() => assertS3Event(event)).field).toBe('(event)')
    }
  })
})

describe('the CloudWatch Logs guard', () => {
  it('accepts every corpus subscription event', () => {
    const events = corpusEvents('cloudwatch-logs')
    expect(events.length).toBeGreaterThan(0)
    for (const [file, event] of events) {
      expect(() => assertCloudWatchLogsEvent(event), file).not.toThrow()
    }
  })

  it('names the field: {}, awslogs {}, a numeric or empty data', () => {
    expect(shapeError(() => assertCloudWatchLogsEvent({}))).toMatchObject({
      trigger: 'CloudWatch Logs',
      field: 'awslogs',
      message: expect.stringContaining('awslogs must be an object, but it is missing'),
    })
    expect(shapeError(() => assertCloudWatchLogsEvent({ awslogs: {} })).field).toBe('awslogs.data')
    expect(shapeError(() => assertCloudWatchLogsEvent({ awslogs: { data: 1 } })).field).toBe(
      'awslogs.data',
    )
    expect(shapeError(() => assertCloudWatchLogsEvent({ awslogs: { data: '' } })).field).toBe(
      'awslogs.data',
    )
    for (const event of [undefined, null, 'x', 1, []]) {
      expect(shapeError(() => assertCloudWatchLogsEvent(event)).field).toBe('(event)')
    }
  })

  it('decodedLogs refuses a misshapen event by name instead of a TypeError', () => {
    expect(shapeError(() => decodedLogs({} as never)).field).toBe('awslogs')
    expect(shapeError(() => decodedLogs({ awslogs: {} } as never)).field).toBe('awslogs.data')
  })
})
