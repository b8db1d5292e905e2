import type { S3Event } from 'aws-lambda'
import { decodeS3Key, MalformedS3KeyError } from '../s3-key.ts'
import { type Fields, own, ShapeCheck } from './shape-check.ts'

const check = new ShapeCheck('S3')

/**
 * Sent once when a bucket's notification configuration is saved. It has no `Records`, and
 * @types/aws-lambda does not know it; a handler acknowledges it and does nothing.
 */
export interface S3TestEvent {
  Service: 'Amazon S3'
  Event: 's3:TestEvent'
  Time: string
  Bucket: string
  RequestId: string
  HostId: string
}

/** What an S3 event notification invokes a function with. */
export type S3NotificationEvent = S3Event | S3TestEvent

/** The test event S3 sends when the notification is saved (call after `assertS3Event`). */
export const isS3TestEvent = (event: S3NotificationEvent): event is S3TestEvent =>
  own(event as unknown as Fields, 'Event') === 's3:TestEvent'

// S3's rules: keys are at most 1024 bytes of UTF-8; bucket names 3-63 characters today, and
// up to 255 with capitals and underscores for buckets made in us-east-1 before March 2018.
const MAX_KEY_BYTES = 1024
const BUCKET_NAME = /^[A-Za-z0-9._-]{3,255}$/
// eTag (hex), versionId (URL-safe) and sequencer (hex) are ASCII tokens; they go into requests.
const TOKEN = /^[\x20-\x7e]{0,1024}$/

const objectKey = (value: unknown, field: string) => {
  const key = check.nonEmptyText(value, field)
  let decoded: string
  try {
    decoded = decodeS3Key(key)
  } catch (error) {
    if (!(error instanceof MalformedS3KeyError)) throw error
    return check.fail(
      field,
      'form-URL-encoded as S3 writes keys (no % escape that is not UTF-8)',
      key,
    )
  }
  if (Buffer.byteLength(decoded) > MAX_KEY_BYTES) {
    check.fail(field, `at most ${MAX_KEY_BYTES} bytes once decoded, as S3 keys are`, key)
  }
}

const optionalSize = (value: unknown, field: string) => {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    check.fail(field, 'a whole number of bytes', value)
  }
}

/**
 * Checks an S3 event notification: either the test event (a `Bucket` name, `Event`
 * `s3:TestEvent`), or `Records`, each from `aws:s3` with an event name and time, a bucket name
 * S3 allows and an object key that decodes as S3 encodes keys, to at most 1024 bytes. `size`, `eTag`, `versionId` and
 * `sequencer` may be absent (deletes have no size or eTag, unversioned buckets no versionId) but
 * are typed when present.
 */
export function assertS3Event(event: unknown): asserts event is S3NotificationEvent {
  const notification = check.object(event, '(event)')
  if (own(notification, 'Event') === 's3:TestEvent') {
    check.nonEmptyText(own(notification, 'Bucket'), 'Bucket')
    check.text(own(notification, 'Time'), 'Time')
    return
  }
  const records = check.array(own(notification, 'Records'), 'Records')
  records.forEach((value, index) => {
    const field = `Records[${index}]`
    const record = check.object(value, field)
    if (own(record, 'eventSource') !== 'aws:s3') {
      check.fail(`${field}.eventSource`, '"aws:s3"', own(record, 'eventSource'))
    }
    check.nonEmptyText(own(record, 'eventName'), `${field}.eventName`)
    check.text(own(record, 'eventTime'), `${field}.eventTime`)
    const s3 = check.object(own(record, 's3'), `${field}.s3`)
    const bucket = check.object(own(s3, 'bucket'), `${field}.s3.bucket`)
    const name = check.nonEmptyText(own(bucket, 'name'), `${field}.s3.bucket.name`)
    if (!BUCKET_NAME.test(name)) {
      check.fail(`${field}.s3.bucket.name`, 'an S3 bucket name (3-255 of A-Z a-z 0-9 . _ -)', name)
    }
    const object = check.object(own(s3, 'object'), `${field}.s3.object`)
    objectKey(own(object, 'key'), `${field}.s3.object.key`)
    optionalSize(own(object, 'size'), `${field}.s3.object.size`)
    for (const name of ['eTag', 'versionId', 'sequencer']) {
      const token = check.optionalText(own(object, name), `${field}.s3.object.${name}`)
      if (token !== undefined && !TOKEN.test(token)) {
        check.fail(`${field}.s3.object.${name}`, 'printable ASCII (at most 1024)', token)
      }
    }
  })
}
