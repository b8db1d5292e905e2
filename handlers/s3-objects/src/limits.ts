/**
 * Records run at once: each holds an idempotency lock, a sequencer mark write and, for a CSV,
 * an open GetObject stream scanned in 64 KiB chunks. 16 keeps a window's streams and scanner
 * state a few MiB inside the 256 MB function, well under the AWS SDK's default socket pool per
 * client (50), and still overlaps the round trips of a batch of deletes. S3 sends one record per
 * notification; this bounds what a hand-made or replayed event with thousands of records does.
 */
export const MAX_RECORDS_IN_FLIGHT = 16

/**
 * No new window starts with less time than this left. A window of ordinary objects (up to a few
 * MiB each) is a handful of round trips per record; 60 s covers that with the SDK's own retries
 * and leaves time to return the error, so the invocation ends with what it finished instead of a
 * timeout. A window of very large objects (~6 s per GiB on a 2-core box, slower on a 256 MB
 * function's CPU share) can still outrun it: then Lambda times out, and the retry replays what
 * was done.
 */
export const DEADLINE_MARGIN_MS = 60_000
