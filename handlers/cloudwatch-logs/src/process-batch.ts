import type { CloudWatchLogsDecodedData } from 'aws-lambda'
import { alertBody } from './alerts.ts'
import { archiveBody, archiveKey } from './archive.ts'
import { isErrorEvent, parseLogEvent } from './parse-log-event.ts'

/** What one batch becomes: the archive object and the alert messages, all redacted. */
export interface PreparedBatch {
  key: string
  body: Buffer
  events: number
  alerts: string[]
}

/** The CPU part of the handler, without I/O (the benchmark measures exactly this). */
export const prepareBatch = (data: CloudWatchLogsDecodedData): PreparedBatch | undefined => {
  const events = data.logEvents.map(parseLogEvent)
  const [first] = events
  if (first === undefined) return undefined
  const alerts: string[] = []
  for (const event of events) if (isErrorEvent(event)) alerts.push(alertBody(data, event))
  return {
    key: archiveKey(data.logGroup, first),
    body: archiveBody(events),
    events: events.length,
    alerts,
  }
}
