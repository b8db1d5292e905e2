import type { CloudWatchLogsDecodedData } from 'aws-lambda'
import { alertBodies } from './alerts.ts'
import { ARCHIVE_CODEC, type ArchiveCodec, archiveKey, NdjsonArchive } from './archive.ts'
import { isErrorEvent, type ParsedLogEvent, parseLogEvent } from './parse-log-event.ts'

/** What one batch becomes: the archive object and the alert messages, all redacted. */
export interface PreparedBatch {
  key: string
  body: Buffer
  /** How `body` is compressed (the key's extension and the object's Content-Encoding). */
  codec: ArchiveCodec
  events: number
  alerts: string[]
}

/** The CPU part of the handler, without I/O (the benchmark measures exactly this). */
export const prepareBatch = (data: CloudWatchLogsDecodedData): PreparedBatch | undefined => {
  if (data.logEvents.length === 0) return undefined
  let first: ParsedLogEvent | undefined
  const archive = new NdjsonArchive()
  const alerts: string[] = []
  const alertBody = alertBodies(data)
  for (const logEvent of data.logEvents) {
    const event = parseLogEvent(logEvent)
    first ??= event
    const messageJson = archive.add(event)
    if (isErrorEvent(event)) alerts.push(alertBody(event, messageJson))
  }
  if (first === undefined) return undefined
  return {
    key: archiveKey(data.logGroup, first, ARCHIVE_CODEC),
    body: archive.compress(ARCHIVE_CODEC),
    codec: ARCHIVE_CODEC,
    events: data.logEvents.length,
    alerts,
  }
}
