/**
 * `awslogs.data` could not be read. Thrown (not skipped) so the batch fails, Lambda retries it
 * and the on-failure destination keeps the original event for inspection.
 */
export class LogsDataError extends Error {
  override name = 'LogsDataError'
}

export class LogsDataBase64Error extends LogsDataError {
  override name = 'LogsDataBase64Error'
}

export class LogsDataGzipError extends LogsDataError {
  override name = 'LogsDataGzipError'
}

export class LogsDataJsonError extends LogsDataError {
  override name = 'LogsDataJsonError'
}

/** SQS refused some alerts after a retry; thrown so Lambda retries the batch. */
export class AlertDeliveryError extends Error {
  override name = 'AlertDeliveryError'
}
