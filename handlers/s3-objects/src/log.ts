export interface LogEntry {
  level: 'info' | 'warn' | 'error'
  message: string
  [field: string]: unknown
}

export type Logger = (entry: LogEntry) => void

/** One JSON line per entry (CloudWatch Logs Insights reads the fields). Never log whole events. */
export const jsonLogger: Logger = (entry) => {
  const line = JSON.stringify(entry)
  if (entry.level === 'error') console.error(line)
  else if (entry.level === 'warn') console.warn(line)
  else console.log(line)
}
