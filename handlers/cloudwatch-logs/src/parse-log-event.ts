import type { CloudWatchLogsLogEvent } from 'aws-lambda'
import { redactLine } from './redact.ts'

export type LogEventKind = 'json' | 'text' | 'lambda-start' | 'lambda-end' | 'lambda-report'

/**
 * One log event: the message already redacted, plus what we could read from it. The archive
 * writes id, timestamp, level, request id and message (`NdjsonArchive`); the kind decides alerts
 * and is not written: a reader gets it back from the message (its first words, or for a `{`
 * line whether it parses as a JSON object).
 */
export interface ParsedLogEvent {
  id: string
  timestamp: number
  kind: LogEventKind
  /** Upper case: ERROR, WARN, INFO… when the line says. */
  level: string | undefined
  requestId: string | undefined
  message: string
}

const platformLine = /^(START|END|REPORT) RequestId: ([0-9a-f-]{36})/
// Node and Python runtimes' text format: "<time>\t<request id>\t<LEVEL>\t<message>"
// (Python: "[LEVEL]\t<time>\t<request id>\t<message>").
const runtimeLine =
  /^(?:\[([A-Z]+)\]\t)?\d{4}-\d\d-\d\dT[\d:.]+Z\s+([0-9a-f-]{36})\s+(?:([A-Z]+)\t)?/
const errorText = /\bERROR\b|Exception|Task timed out/

const errorLevels = new Set(['ERROR', 'FATAL', 'CRITICAL', 'EMERGENCY', 'ALERT'])

/** Pino and bunyan log numeric levels: 50 error, 60 fatal. */
const levelName = (level: unknown): string | undefined => {
  if (typeof level === 'string') return level.toUpperCase()
  if (typeof level === 'number') return level >= 60 ? 'FATAL' : level >= 50 ? 'ERROR' : undefined
  return undefined
}

// Every event gets the same fields in the same order: one object shape keeps a 1 MB batch fast.
const parsed = (
  event: CloudWatchLogsLogEvent,
  message: string,
  kind: LogEventKind,
  level: string | undefined,
  requestId: string | undefined,
): ParsedLogEvent => ({
  id: event.id,
  timestamp: event.timestamp,
  kind,
  level,
  requestId,
  message,
})

/** Redacts first, then reads: nothing parsed from a line can carry a secret further. */
export const parseLogEvent = (event: CloudWatchLogsLogEvent): ParsedLogEvent => {
  const { message, fields } = redactLine(event.message)

  if (fields !== undefined) {
    const requestId = fields.requestId ?? fields.request_id ?? fields.awsRequestId
    const level = levelName(
      fields.level ??
        fields.levelname ??
        fields.severity ??
        fields.log_level ??
        fields['log.level'],
    )
    return parsed(
      event,
      message,
      'json',
      level,
      typeof requestId === 'string' ? requestId : undefined,
    )
  }

  if (message.startsWith('START ') || message.startsWith('END ') || message.startsWith('REPORT ')) {
    const platform = platformLine.exec(message)
    if (platform) {
      const [, word, requestId] = platform
      const kind =
        word === 'START' ? 'lambda-start' : word === 'END' ? 'lambda-end' : 'lambda-report'
      return parsed(event, message, kind, undefined, requestId)
    }
  }

  const runtime = runtimeLine.exec(message)
  return parsed(event, message, 'text', runtime?.[1] ?? runtime?.[3], runtime?.[2])
}

/** Alert-worthy: JSON level ERROR/FATAL, or text that says ERROR, Exception or Task timed out. */
export const isErrorEvent = (event: ParsedLogEvent): boolean => {
  if (event.kind === 'json') return event.level !== undefined && errorLevels.has(event.level)
  if (event.kind !== 'text') return false
  return (
    (event.level !== undefined && errorLevels.has(event.level)) || errorText.test(event.message)
  )
}
