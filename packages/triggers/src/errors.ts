/** Where in a declaration a problem sits, as object keys and array indexes. */
export type FieldPath = ReadonlyArray<string | number>

/** One problem found in a declaration. */
export interface ValidationIssue {
  path: FieldPath
  message: string
}

export const formatPath = (path: FieldPath): string =>
  path.length === 0
    ? '(root)'
    : path
        .map((part, index) =>
          typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`,
        )
        .join('')

/**
 * Thrown when a declaration breaks a rule AWS would enforce at deploy time. It carries
 * every issue found (not just the first) so one run shows everything to fix; `path`
 * is the first bad field.
 */
export class TriggerValidationError extends Error {
  override name = 'TriggerValidationError'
  readonly issues: readonly ValidationIssue[]
  readonly path: FieldPath

  constructor(issues: readonly ValidationIssue[], context = 'Invalid trigger declaration') {
    const lines = issues.map((issue) => `  - ${formatPath(issue.path)}: ${issue.message}`)
    super(`${context}:\n${lines.join('\n')}`)
    this.issues = issues
    this.path = issues[0]?.path ?? []
  }
}

/** A `rate(...)` or `cron(...)` expression EventBridge would reject. */
export class ScheduleExpressionError extends TriggerValidationError {
  override name = 'ScheduleExpressionError'

  constructor(issues: readonly ValidationIssue[]) {
    super(issues, 'Invalid schedule expression')
  }
}

/** Two S3 notification configurations on one bucket that AWS would refuse to hold together. */
export class BucketNotificationOverlapError extends TriggerValidationError {
  override name = 'BucketNotificationOverlapError'

  constructor(issues: readonly ValidationIssue[]) {
    super(issues, 'Overlapping S3 notification configurations')
  }
}

/** Thrown by the matchers when handed a filter that validation would have refused. */
export class InvalidFilterError extends TriggerValidationError {
  override name = 'InvalidFilterError'

  constructor(issues: readonly ValidationIssue[], context = 'Invalid filter') {
    super(issues, context)
  }
}
