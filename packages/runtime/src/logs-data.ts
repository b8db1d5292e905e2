import { unzipSync } from 'node:zlib'
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda'
import { assertCloudWatchLogsEvent } from './events/cloudwatch-logs.ts'

/**
 * The most a batch may inflate to. CloudWatch Logs delivers at most 1 MiB of log events per
 * batch (the PutLogEvents limit); as JSON each message may grow up to 6× (a control character
 * becomes `\u00XX`), plus the envelope. 8 MiB holds any real batch with room to spare, and stops
 * a crafted payload (272 KB of base64 can inflate to 200 MiB) before it costs memory and time.
 */
export const MAX_LOGS_DATA_BYTES = 8 * 1024 * 1024

/**
 * `awslogs.data` could not be read. Thrown (never skipped), so the batch fails, Lambda retries it,
 * and the on-failure destination keeps the original event. Each layer has its own subclass.
 */
export class LogsDataError extends Error {
  override readonly name: string = 'LogsDataError'
}

export class LogsDataBase64Error extends LogsDataError {
  override readonly name = 'LogsDataBase64Error'
}

export class LogsDataGzipError extends LogsDataError {
  override readonly name = 'LogsDataGzipError'
}

export class LogsDataJsonError extends LogsDataError {
  override readonly name = 'LogsDataJsonError'
}

/** The payload inflates past the limit: refused before it is inflated any further. */
export class LogsDataTooLargeError extends LogsDataError {
  override readonly name = 'LogsDataTooLargeError'
  readonly limitBytes: number

  constructor(limitBytes: number) {
    super(
      `awslogs.data inflates to more than ${limitBytes} bytes, the limit for one batch (CloudWatch Logs sends at most 1 MiB of log events per batch); it was not inflated further.`,
    )
    this.limitBytes = limitBytes
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Buffer.from(…, 'base64') skips what it cannot read instead of failing, so the text is checked.
 * What an encoder wrote re-encodes to itself (native, cheap on a 1 MB batch); only a string that
 * does not (non-zero padding bits) goes through the regex, which decides as before.
 */
const fromBase64 = (data: string): Buffer | undefined => {
  if (data.length === 0 || data.length % 4 !== 0) return undefined
  const bytes = Buffer.from(data, 'base64')
  return bytes.toString('base64') === data || BASE64.test(data) ? bytes : undefined
}

// CloudWatch writes event ids as digits (a control message's is empty); samples and tools use
// short names. Either way an id goes into S3 keys and message attributes: printable, no slashes.
const LOG_EVENT_ID = /^[\w.-]{0,128}$/

const isLogEvent = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return false
  const event = value as Record<string, unknown>
  return (
    typeof event.id === 'string' &&
    LOG_EVENT_ID.test(event.id) &&
    typeof event.timestamp === 'number' &&
    typeof event.message === 'string'
  )
}

// CloudWatch Logs' own naming rules (CreateLogGroup, CreateLogStream), and the sender's account.
const LOG_GROUP_NAME = /^[\w.\-/#]{1,512}$/
const LOG_STREAM_NAME = /^[^:*]{1,512}$/
const ACCOUNT_ID = /^\d{12}$/

/**
 * What is wrong with a parsed payload, or undefined when it is one CloudWatch Logs sends:
 * log events of { id, timestamp, message }, and for data (not a control message) a log group,
 * stream and owner named as CloudWatch names them. The handler puts these names into S3 keys and
 * headers, where text CloudWatch never sends (a lone surrogate, a 10 000-character name) fails.
 */
const payloadProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object'
  const data = value as Record<string, unknown>
  if (data.messageType === 'CONTROL_MESSAGE') {
    if (typeof data.logGroup !== 'string' || typeof data.logStream !== 'string')
      return 'logGroup and logStream must be strings'
  } else if (data.messageType === 'DATA_MESSAGE') {
    if (typeof data.logGroup !== 'string' || !LOG_GROUP_NAME.test(data.logGroup))
      return 'logGroup is not a log group name'
    const stream = data.logStream
    if (typeof stream !== 'string' || !LOG_STREAM_NAME.test(stream) || !stream.isWellFormed())
      return 'logStream is not a log stream name'
    if (typeof data.owner !== 'string' || !ACCOUNT_ID.test(data.owner))
      return 'owner is not an account id'
  } else {
    return 'messageType is neither DATA_MESSAGE nor CONTROL_MESSAGE'
  }
  if (!Array.isArray(data.logEvents) || !data.logEvents.every(isLogEvent))
    return 'logEvents must be a list of { id, timestamp, message }'
  return undefined
}

const inflate = (compressed: Buffer, maxBytes: number): Buffer => {
  try {
    // unzipSync reads gzip and zlib (one corpus sample is zlib); maxOutputLength stops inflation.
    return unzipSync(compressed, { maxOutputLength: maxBytes })
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new LogsDataTooLargeError(maxBytes)
    // The message carries zlib's words; no `cause`: what callers see is this one typed error.
    throw new LogsDataGzipError(
      `awslogs.data is base64 but not gzip (${(error as Error).message}); the payload was truncated or not compressed.`,
    )
  }
}

/**
 * `awslogs.data` is base64 of gzip of JSON. Each layer fails with its own `LogsDataError`
 * subclass, and inflation stops at `maxBytes` (`LogsDataTooLargeError`).
 */
export const decodeLogsData = (
  data: string,
  maxBytes: number = MAX_LOGS_DATA_BYTES,
): CloudWatchLogsDecodedData => {
  const bytes = fromBase64(data)
  if (bytes === undefined) {
    throw new LogsDataBase64Error(
      'awslogs.data is not base64. Subscription filters deliver base64 of gzipped JSON; check what produced this event.',
    )
  }
  const json = inflate(bytes, maxBytes).toString('utf8')
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (error) {
    throw new LogsDataJsonError(
      `awslogs.data inflates to text that is not JSON (${(error as Error).message}).`,
    )
  }
  const problem = payloadProblem(parsed)
  if (problem !== undefined) {
    throw new LogsDataJsonError(
      `awslogs.data is JSON but not a CloudWatch Logs payload: ${problem}.`,
    )
  }
  return parsed as CloudWatchLogsDecodedData
}

const decoded = new WeakMap<object, CloudWatchLogsDecodedData>()

/**
 * The batch of a CloudWatch Logs event, decoded once per event object: the idempotency key and
 * the handler both read it, and a 1 MB batch is not gunzipped twice. Throws `EventShapeError`
 * for an event without `awslogs.data`, else what `decodeLogsData` throws (a failure is not
 * cached: the next call tries again and throws again).
 */
export const decodedLogs = (event: CloudWatchLogsEvent): CloudWatchLogsDecodedData => {
  // Typed, but called from middleware on whatever was invoked: a refusal, not a TypeError.
  assertCloudWatchLogsEvent(event)
  let data = decoded.get(event.awslogs)
  if (data === undefined) {
    data = decodeLogsData(event.awslogs.data)
    decoded.set(event.awslogs, data)
  }
  return data
}
