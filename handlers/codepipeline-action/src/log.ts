import { createLogger, defaultWriter, type Logger } from '@repo/runtime'

/**
 * The shared JSON logger with the job id on every line. The job event carries live artifact
 * credentials: they are never passed in, and as a second guard every finished line is scrubbed of
 * their values before it is written (an SDK error message could quote one).
 */
export const createJobLogger = (jobId: string, secrets: readonly string[]): Logger => {
  const scrub = scrubber(secrets)
  const write = defaultWriter()
  return createLogger({ fields: { jobId }, write: (level, line) => write(level, scrub(line)) })
}

/** Replaces every occurrence of the given values (shorter than 8 chars are not secrets). */
export const scrubber = (secrets: readonly string[]): ((text: string) => string) => {
  const values = secrets.filter((secret) => secret.length >= 8)
  return (text) =>
    values.reduce((scrubbed, secret) => scrubbed.replaceAll(secret, '[redacted]'), text)
}
