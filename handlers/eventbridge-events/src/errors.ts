/** An event this function has no rule for: check the rules that target it. */
export class UnsupportedEventError extends Error {
  override name = 'UnsupportedEventError'
  readonly source: string
  readonly detailType: string

  constructor(source: string, detailType: string) {
    super(
      `Unsupported event: source "${source}", detail-type "${detailType}". This function handles ` +
        '"Scheduled Event" (aws.events) and "CodePipeline Pipeline Execution State Change" ' +
        '(aws.codepipeline); remove the rule that sends this event to it, or add a handler for it.',
    )
    this.source = source
    this.detailType = detailType
  }
}

/** A supported event type that lacks a field the handler relies on. */
export class MalformedEventError extends Error {
  override name = 'MalformedEventError'
}

/** S3 refused to delete some keys; the tick is retried and deletes what is left. */
export class HousekeepingIncompleteError extends Error {
  override name = 'HousekeepingIncompleteError'
  readonly failures: readonly { key: string; code: string; message: string }[]

  constructor(bucket: string, failures: readonly { key: string; code: string; message: string }[]) {
    const shown = failures
      .slice(0, 5)
      .map((failure) => `${failure.key} (${failure.code}: ${failure.message})`)
      .join('; ')
    const more = failures.length > 5 ? ` and ${failures.length - 5} more` : ''
    super(
      `S3 did not delete ${failures.length} object(s) in ${bucket}: ${shown}${more}. ` +
        'AccessDenied means the role lacks s3:DeleteObject on them; the retry deletes what is left.',
    )
    this.failures = failures
  }
}
