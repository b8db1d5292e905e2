import { unzipSync } from 'node:zlib'
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda'
import { LogsDataBase64Error, LogsDataGzipError, LogsDataJsonError } from './errors.ts'

const base64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Buffer.from(…, 'base64') skips what it cannot read instead of failing. What an encoder wrote
 * re-encodes to itself (cheap, native); only a string that does not goes through the regex,
 * which decides exactly as before.
 */
const fromBase64 = (data: string): Buffer | undefined => {
  if (data.length === 0 || data.length % 4 !== 0) return undefined
  const bytes = Buffer.from(data, 'base64')
  return bytes.toString('base64') === data || base64.test(data) ? bytes : undefined
}

/**
 * `awslogs.data` is base64 of gzip of JSON. Each layer fails with its own typed error.
 * `unzipSync` also reads zlib, which some tools (and one corpus sample) produce.
 */
export const decodeLogsData = (data: string): CloudWatchLogsDecodedData => {
  const bytes = fromBase64(data)
  if (bytes === undefined) {
    throw new LogsDataBase64Error(
      'awslogs.data is not base64. Subscription filters deliver base64 of gzipped JSON; check what produced this event.',
    )
  }
  let json: string
  try {
    json = unzipSync(bytes).toString('utf8')
  } catch (error) {
    throw new LogsDataGzipError(
      `awslogs.data is base64 but not gzip (${(error as Error).message}); the payload was truncated or not compressed.`,
      { cause: error },
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (error) {
    throw new LogsDataJsonError(
      `awslogs.data inflates to text that is not JSON (${(error as Error).message}).`,
      { cause: error },
    )
  }
  if (!isDecodedData(parsed)) {
    throw new LogsDataJsonError(
      'awslogs.data is JSON but not a CloudWatch Logs payload (messageType, logGroup, logStream, logEvents).',
    )
  }
  return parsed
}

const isDecodedData = (value: unknown): value is CloudWatchLogsDecodedData => {
  if (typeof value !== 'object' || value === null) return false
  const data = value as Record<string, unknown>
  return (
    (data.messageType === 'DATA_MESSAGE' || data.messageType === 'CONTROL_MESSAGE') &&
    typeof data.logGroup === 'string' &&
    typeof data.logStream === 'string' &&
    Array.isArray(data.logEvents)
  )
}

const decoded = new WeakMap<CloudWatchLogsEvent['awslogs'], CloudWatchLogsDecodedData>()

/** Decodes once per event object: the idempotency key and the handler both need the batch. */
export const decodeEvent = (event: CloudWatchLogsEvent): CloudWatchLogsDecodedData => {
  let data = decoded.get(event.awslogs)
  if (data === undefined) {
    data = decodeLogsData(event.awslogs.data)
    decoded.set(event.awslogs, data)
  }
  return data
}
