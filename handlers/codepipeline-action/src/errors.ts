/** CodePipeline's failure types (PutJobFailureResult `failureDetails.type`). */
export type JobFailureType =
  | 'JobFailed'
  | 'ConfigurationError'
  | 'PermissionError'
  | 'RevisionOutOfSync'
  | 'RevisionUnavailable'
  | 'SystemUnavailable'

/**
 * The job cannot pass as configured or as built: reported to CodePipeline as a failed job
 * (the pipeline stops and shows the message), never thrown out of the handler.
 */
export class JobRejectedError extends Error {
  override name = 'JobRejectedError'
  readonly failureType: JobFailureType
  constructor(failureType: JobFailureType, message: string) {
    super(message)
    this.failureType = failureType
  }
}

/**
 * CodePipeline did not accept our result. Thrown so Lambda retries the invocation: an
 * unreported job would hang the pipeline until the action times out.
 */
export class JobReportError extends Error {
  override name = 'JobReportError'
}

/**
 * Less than REPORT_MARGIN_MS of the invocation is left: stop and report now. Inside the checksum
 * loop this pauses the check (a continuation token); before any progress it fails the job, since
 * running on would end in Lambda's timeout with the job unreported.
 */
export class OutOfTimeError extends Error {
  override name = 'OutOfTimeError'
}
