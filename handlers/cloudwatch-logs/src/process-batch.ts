import type { CloudWatchLogsDecodedData } from 'aws-lambda'
import { alertBody } from './alerts.ts'
import { archiveKey, NdjsonArchive } from './archive.ts'
import { isErrorEvent, type ParsedLogEvent, parseLogEvent } from './parse-log-event.ts'

/** What one batch becomes: the archive object and the alert messages, all redacted. */
export interface PreparedBatch {
  key: string
  body: Buffer
  events: number
  alerts: string[]
}

/** The CPU part of the handler, without I/O (the benchmark measures exactly this). */
export const prepareBatch = (data: CloudWatchLogsDecodedData): PreparedBatch | undefined => {
  if (data.logEvents.length === 0) return undefined
  let first: ParsedLogEvent | undefined
  const archive = new NdjsonArchive()
  const alerts: string[] = []
  for (const logEvent of data.logEvents) {
    const event = parseLogEvent(logEvent)
    first ??= event
    archive.add(event)
    if (isErrorEvent(event)) alerts.push(alertBody(data, event))
  }
  if (first === undefined) return undefined
  return {
    key: archiveKey(data.logGroup, first),
    body: archive.gzip(),
    events: data.logEvents.length,
    alerts,
  }
}
