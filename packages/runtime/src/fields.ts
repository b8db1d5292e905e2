import * as z from 'zod/mini'

/*
 * The variables handlers read again and again, each with one message a user can act on.
 * Wrap any of them in `z.optional(...)` or `z._default(..., value)` for an optional variable.
 */

const BUCKET_RULE =
  'must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending ' +
  'with a letter or digit, without "..", not an IP address'

/** S3's naming rules for general purpose buckets (the parts an environment variable can break). */
export const isBucketName = (value: string): boolean =>
  /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) &&
  !value.includes('..') &&
  !/^\d{1,3}(\.\d{1,3}){3}$/.test(value) &&
  !value.startsWith('xn--')

/** Queue URLs are `<scheme>://<host>/<account>/<queue name>` (a local emulator's host included). */
export const isQueueUrl = (value: string): boolean => {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    /^\/[^/]+\/[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(url.pathname) &&
    url.search === '' &&
    url.hash === ''
  )
}

/** An S3 bucket name; `what` says which bucket, e.g. `'the bucket GET /objects reads from'`. */
export const bucketName = (what?: string) =>
  z
    .string({ error: what ? `must name ${what}` : 'must be an S3 bucket name' })
    .check(z.refine(isBucketName, { error: BUCKET_RULE }))

/** An SQS queue URL. */
export const queueUrl = (what?: string) => {
  const rule = `must be the URL of ${what ?? 'an SQS queue'} (https://sqs.<region>.amazonaws.com/<account>/<name>)`
  return z.string({ error: rule }).check(z.refine(isQueueUrl, { error: rule }))
}

/** A DynamoDB table name: 3-255 of letters, digits, `_`, `-` and `.`. */
export const tableName = (what?: string) => {
  const rule = `must be the name of ${what ?? 'a DynamoDB table'}: 3-255 letters, digits, "_", "-" and "."`
  return z.string({ error: rule }).check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: rule }))
}

export interface WholeNumberOptions {
  min: number
  max: number
  /** Shown after the range, e.g. `'seconds'`. */
  unit?: string
}

/** Digits only (no `1e3`, `0x10`, `12.0` or sign), within `min`..`max`, as a number. */
export const wholeNumber = ({ min, max, unit }: WholeNumberOptions) => {
  const rule = `must be a whole number from ${min} to ${max}${unit ? ` ${unit}` : ''}`
  const inRange = (text: string): boolean => {
    if (!/^\d{1,15}$/.test(text)) return false
    const value = Number(text)
    return value >= min && value <= max
  }
  return z.pipe(
    z.string({ error: rule }).check(z.refine(inRange, { error: rule })),
    z.transform(Number),
  )
}

const PREFIX_RULE =
  'must be an S3 key prefix: not empty, no leading "/", at most 1024 characters, no control characters'

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

/** An S3 key prefix such as `uploads/`. */
export const keyPrefix = () =>
  z
    .string({ error: PREFIX_RULE })
    .check(
      z.refine(
        (value) =>
          value.length <= 1024 && !value.startsWith('/') && !CONTROL_CHARACTERS.test(value),
        { error: PREFIX_RULE },
      ),
    )
