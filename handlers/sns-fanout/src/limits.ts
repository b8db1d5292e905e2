/**
 * Records forwarded at once: each holds an idempotency lock and waits for its batch. 50 is the
 * AWS SDK's default socket pool per client (maxSockets), so a window's lock writes never queue
 * inside the SDK, and it fills 5 SendMessageBatch requests of 10. SNS delivers one record per
 * invocation; this bounds what a hand-made or replayed event with thousands can do at once.
 */
export const MAX_RECORDS_IN_FLIGHT = 50

/**
 * No new window starts with less time than this left. A window is a few SDK round trips (lock
 * writes, ≤ 5 batch sends, results); 5 s leaves room for the SDK's own retries of a throttled
 * window and for the error to be returned, so the invocation ends with what it finished instead
 * of a timeout.
 */
export const DEADLINE_MARGIN_MS = 5_000
