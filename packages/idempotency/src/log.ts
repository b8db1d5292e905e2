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

// Kept short: every handler bundle carries them. The README's Logging table says more.
const MESSAGES: Record<IdempotencyLogEvent, string> = {
  replay: 'Replayed the stored result',
  in_progress: 'Refused: key in progress',
  payload_mismatch: 'Refused: key used with another payload',
  lock_lost: 'Result not stored: lock taken over',
  timeout_lock_kept: 'Early timeout: lock kept until it expires',
  release_failed: 'Release failed: lock kept until it expires',
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
