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
  error: string
  message: string
}

/**
 * Some records of the event failed or were rejected. Thrown after every other record was
 * processed, so Lambda retries the event (done records replay, they are not redone) and, once the
 * retries are spent, sends the original event to the on-failure destination.
 */
export class RecordsFailedError extends S3ObjectsError {
  override name = 'RecordsFailedError'
  readonly failures: readonly RecordFailure[]
  constructor(failures: readonly RecordFailure[], total: number) {
    super(
      `${failures.length} of ${total} S3 records failed: ${failures
        .map(
          (failure) => `${failure.eventName} ${failure.key}: ${failure.error}: ${failure.message}`,
        )
        .join(' | ')}`.slice(0, 4000),
    )
    this.failures = failures
  }
}
