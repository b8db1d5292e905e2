/** One structured line per notable decision. Never carries the payload or the result. */
export interface IdempotencyLogEntry {
  level: 'info' | 'warn'
  message: string
  event:
    | 'replay'
    | 'in_progress'
    | 'payload_mismatch'
    | 'lock_lost'
    | 'timeout_lock_kept'
    | 'release_failed'
  key: string
  trigger: string
  [field: string]: unknown
}

export type IdempotencyLogger = (entry: IdempotencyLogEntry) => void

export const jsonLineLogger: IdempotencyLogger = (entry) => {
  const line = JSON.stringify({ source: '@repo/idempotency', ...entry })
  if (entry.level === 'warn') console.warn(line)
  else console.log(line)
}
