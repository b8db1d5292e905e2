import { decodedLogs, LogsDataError } from '@repo/runtime'
import type { CloudWatchLogsEvent, CloudWatchLogsLogEvent } from 'aws-lambda'
import { fingerprintOf } from '../fingerprint.ts'
import { isObject, type Obj } from './object.ts'

export const isCloudWatchLogsEvent = (event: Obj): event is Obj & CloudWatchLogsEvent =>
  isObject(event.awslogs) && typeof event.awslogs.data === 'string'

export const logEventKey = (logEvent: CloudWatchLogsLogEvent): string => `cwl:${logEvent.id}`

/**
 * The batch: its log group and its events' ids (unique per log group). Decoded through
 * @repo/runtime's `decodedLogs`, once per event (the handler reads the same decode) and bounded.
 * A CONTROL_MESSAGE (the subscription's health check) has no events, so it returns undefined and
 * the request id keys it instead.
 */
export const cloudWatchLogsKey = (event: CloudWatchLogsEvent): string | undefined => {
  let data: ReturnType<typeof decodedLogs>
  try {
    data = decodedLogs(event)
  } catch (error) {
    if (!(error instanceof LogsDataError)) throw error
    // Unreadable data still redelivers byte for byte: key on its hash, and let the handler
    // refuse it with the same typed error.
    return `cwl:data:${fingerprintOf(event.awslogs.data)}`
  }
  if (data.messageType !== 'DATA_MESSAGE' || data.logEvents.length === 0) return undefined
  return `cwl:${data.logGroup}:${data.logEvents.map((logEvent) => logEvent.id).join(',')}`
}
