/** Base class: `catch (e) { if (e instanceof S3ObjectsError) ... }` catches every error of this handler. */
export class S3ObjectsError extends Error {
  override name = 'S3ObjectsError'
}

/**
 * Retrying cannot fix this record (the object itself is wrong). The record is completed as
 * "rejected" so a redelivery does not read the object again, and the invocation still fails so
 * the event reaches the on-failure destination.
 */
export class PermanentRecordError extends S3ObjectsError {
  override name = 'PermanentRecordError'
}

/** The object is not valid CSV (unclosed quote, rows of different widths, no header...). */
export class InvalidCsvError extends PermanentRecordError {
  override name = 'InvalidCsvError'
  /** csv-parse's name for the refusal (e.g. CSV_QUOTE_NOT_CLOSED), or EMPTY_CSV, CSV_UNSUPPORTED_ENCODING. */
  readonly code: string
  readonly line: number | undefined
  constructor(source: string, code: string, detail: string, line?: number) {
    super(
      `${source} is not valid CSV (${code}${line === undefined ? '' : ` at line ${line}`}): ${detail}. ` +
        'Fix the file and upload it again; this version will not be retried.',
    )
    this.code = code
    this.line = line
  }
}

/** `<SUMMARY_PREFIX><key>.summary.json` would exceed S3's 1024-byte key limit. */
export class SummaryKeyTooLongError extends PermanentRecordError {
  override name = 'SummaryKeyTooLongError'
  constructor(summaryKey: string, bytes: number) {
    super(
      `The summary key "${summaryKey.slice(0, 80)}…" is ${bytes} bytes; S3 keys are at most 1024. ` +
        'Use a shorter SUMMARY_PREFIX or shorter object keys.',
    )
  }
}

/** A `sequencer` longer than the width we pad to: not one S3 sends. */
export class SequencerFormatError extends S3ObjectsError {
  override name = 'SequencerFormatError'
}

export interface RecordFailure {
  key: string
  eventName: string
  /** The error's name (`InvalidCsvError`, `NoSuchBucket`, `IdempotencyInProgressError`…). */
  errorType: string
  message: string
}

export interface BatchProgress {
  total: number
  /** Records processed now, replayed from an earlier delivery, or skipped by rule. */
  done: number
  failures: readonly RecordFailure[]
  /** Records not started: the invocation ran out of time (see DEADLINE_MARGIN_MS). */
  notStarted: number
}

/**
 * Some records of the event failed or were rejected, or were not started before the deadline.
 * Thrown after every started record finished, so Lambda retries the event (done records replay,
 * they are not redone, so each retry goes further) and, once the retries are spent, sends the
 * original event to the on-failure destination.
 */
export class BatchIncompleteError extends S3ObjectsError {
  override name = 'BatchIncompleteError'
  readonly total: number
  readonly done: number
  readonly failures: readonly RecordFailure[]
  readonly notStarted: number
  constructor({ total, done, failures, notStarted }: BatchProgress) {
    const parts = [`${done} of ${total} S3 record(s) done`]
    if (failures.length > 0) {
      const shown = failures
        .slice(0, 5)
        .map(
          (failure) =>
            `${failure.eventName} ${failure.key}: ${failure.errorType}: ${failure.message}`,
        )
        .join(' | ')
      parts.push(`${failures.length} failed (${shown})`)
    }
    if (notStarted > 0) {
      parts.push(`${notStarted} not started before the deadline; the retry continues from them`)
    }
    super(`${parts.join('; ')}.`.slice(0, 4000))
    this.total = total
    this.done = done
    this.failures = failures
    this.notStarted = notStarted
  }
}
