export type LogLevel = 'info' | 'warn' | 'error'
export type JobLogger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void

// Looked up per call, not captured: the Lambda runtime (and test harnesses) patch console.
const methods = { info: 'log', warn: 'warn', error: 'error' } as const

/**
 * One JSON line per call. The job event carries live artifact credentials: they are never
 * passed in, and as a second guard every line is scrubbed of their values before it is
 * written (an SDK error message could quote one).
 */
export const createJobLogger = (jobId: string, secrets: readonly string[]): JobLogger => {
  const scrub = scrubber(secrets)
  return (level, message, fields = {}) => {
    console[methods[level]](scrub(JSON.stringify({ level, message, jobId, ...fields })))
  }
}

/** Replaces every occurrence of the given values (shorter than 8 chars are not secrets). */
export const scrubber = (secrets: readonly string[]): ((text: string) => string) => {
  const values = secrets.filter((secret) => secret.length >= 8)
  return (text) =>
    values.reduce((scrubbed, secret) => scrubbed.replaceAll(secret, '[redacted]'), text)
}
