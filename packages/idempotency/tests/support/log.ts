import { createLogger, type LogLevel } from '@repo/runtime'

/** A real @repo/runtime logger whose lines are parsed into `lines` instead of printed. */
export const recordingLogger = (level: LogLevel = 'INFO') => {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({ level, write: (_, line) => lines.push(JSON.parse(line)) })
  return { logger, lines }
}
