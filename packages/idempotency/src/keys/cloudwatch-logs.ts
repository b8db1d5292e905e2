import { unzipSync } from 'node:zlib'
import type {
  CloudWatchLogsDecodedData,
  CloudWatchLogsEvent,
  CloudWatchLogsLogEvent,
} from 'aws-lambda'
import { fingerprintOf } from '../fingerprint.ts'
import { isObject, type Obj } from './object.ts'

export const isCloudWatchLogsEvent = (event: Obj): event is Obj & CloudWatchLogsEvent =>
  isObject(event.awslogs) && typeof event.awslogs.data === 'string'

/** `awslogs.data` is base64 of gzip (unzip also accepts zlib, which some fixtures use). */
export const decodeLogsData = (event: CloudWatchLogsEvent): CloudWatchLogsDecodedData =>
  JSON.parse(unzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'))

export const logEventKey = (logEvent: CloudWatchLogsLogEvent): string => `cwl:${logEvent.id}`

/**
 * The log events' ids (unique per log group). A CONTROL_MESSAGE (health check) has empty ids,
 * so it returns undefined and the request id keys it instead.
 */
export const cloudWatchLogsKey = (event: CloudWatchLogsEvent): string | undefined => {
  let data: CloudWatchLogsDecodedData
  try {
    data = decodeLogsData(event)
  } catch {
    // Undecodable (truncated) data still redelivers byte for byte: key on its hash.
    return `cwl:data:${fingerprintOf(event.awslogs.data)}`
  }
  if (data.messageType !== 'DATA_MESSAGE' || data.logEvents.length === 0) return undefined
  return `cwl:${data.logGroup}:${data.logEvents.map((logEvent) => logEvent.id).join(',')}`
}
