import type { Logger } from '@repo/runtime'

/** What the middleware needs of a logger: any `@repo/runtime` logger fits (the default is one). */
export type IdempotencyLogger = Pick<Logger, 'enabled' | 'debug' | 'warn'>

/** What a line is about, in its `idempotency` field. Never the payload or the result. */
export type IdempotencyLogEvent =
  | 'replay'
  | 'in_progress'
  | 'payload_mismatch'
  | 'lock_lost'
  | 'timeout_lock_kept'
  | 'release_failed'

const MESSAGES: Record<IdempotencyLogEvent, string> = {
  replay: 'Replayed the stored result; the handler did not run',
  in_progress: 'Another invocation holds this key; the handler did not run',
  payload_mismatch: 'This key was first used with another payload; the handler did not run',
  lock_lost:
    'The handler ran, but its lock expired and was taken over meanwhile; its result was not stored',
  timeout_lock_kept:
    "Middy's early timeout fired while the handler may still be running; the lock is kept until it expires",
  release_failed:
    'Could not release the lock after a failure; it stays until it expires, and the original error is reported',
}

export type Note = (
  event: IdempotencyLogEvent,
  key: string,
  trigger: string,
  extra?: Record<string, unknown>,
) => void

export interface Notes {
  /** Expected outcomes (replay, in progress): DEBUG, so production pays nothing for them. */
  debug: Note
  /** Something an operator should look at: WARN. */
  warn: Note
}

const skip: Note = () => {}

/** The level is fixed when the logger is made, so a disabled DEBUG costs one call to a no-op. */
export const notesFor = (logger: IdempotencyLogger): Notes => ({
  debug: logger.enabled('DEBUG')
    ? (event, key, trigger, extra) =>
        logger.debug(MESSAGES[event], { idempotency: event, key, trigger, ...extra })
    : skip,
  warn: (event, key, trigger, extra) =>
    logger.warn(MESSAGES[event], { idempotency: event, key, trigger, ...extra }),
})
