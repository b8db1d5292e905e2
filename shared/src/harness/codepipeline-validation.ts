/**
 * The request constraints CodePipeline checks for the two calls a job worker makes
 * (API reference: PutJobSuccessResult, PutJobFailureResult), with AWS's message wording.
 */
export const failureTypes = [
  'JobFailed',
  'ConfigurationError',
  'PermissionError',
  'RevisionOutOfSync',
  'RevisionUnavailable',
  'SystemUnavailable',
] as const

const jobIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const violation = (path: string, value: unknown, constraint: string): string =>
  `Value ${value === undefined ? 'null' : JSON.stringify(value)} at '${path}' failed to satisfy constraint: ${constraint}`

const checkString = (
  errors: string[],
  path: string,
  value: unknown,
  { required = false, min = 1, max }: { required?: boolean; min?: number; max?: number },
): void => {
  if (value === undefined) {
    if (required) errors.push(violation(path, value, 'Member must not be null'))
    return
  }
  if (typeof value !== 'string') errors.push(violation(path, value, 'Member must be a string'))
  else if (value.length < min || (max !== undefined && value.length > max))
    errors.push(
      violation(
        path,
        value,
        `Member must have length ${max === undefined ? `greater than or equal to ${min}` : `between ${min} and ${max}`}`,
      ),
    )
}

const checkJobId = (errors: string[], input: Json): void => {
  checkString(errors, 'jobId', input.jobId, { required: true })
  if (typeof input.jobId === 'string' && !jobIdPattern.test(input.jobId))
    errors.push(
      violation(
        'jobId',
        input.jobId,
        `Member must satisfy regular expression pattern: ${jobIdPattern.source}`,
      ),
    )
}

export const validatePutJobSuccessResult = (input: Json): string[] => {
  const errors: string[] = []
  checkJobId(errors, input)
  checkString(errors, 'continuationToken', input.continuationToken, { max: 2048 })
  if (isObject(input.currentRevision)) {
    checkString(errors, 'currentRevision.revision', input.currentRevision.revision, {
      required: true,
      max: 1500,
    })
    checkString(
      errors,
      'currentRevision.changeIdentifier',
      input.currentRevision.changeIdentifier,
      {
        required: true,
        max: 100,
      },
    )
  }
  if (isObject(input.executionDetails)) {
    checkString(errors, 'executionDetails.summary', input.executionDetails.summary, { max: 2048 })
    const percent = input.executionDetails.percentComplete
    if (
      percent !== undefined &&
      !(Number.isInteger(percent) && (percent as number) >= 0 && (percent as number) <= 100)
    )
      errors.push(
        violation(
          'executionDetails.percentComplete',
          percent,
          'Member must have value between 0 and 100',
        ),
      )
  }
  return errors
}

export const validatePutJobFailureResult = (input: Json): string[] => {
  const errors: string[] = []
  checkJobId(errors, input)
  const details = input.failureDetails
  if (!isObject(details)) {
    errors.push(violation('failureDetails', details, 'Member must not be null'))
    return errors
  }
  if (!failureTypes.includes(details.type as (typeof failureTypes)[number]))
    errors.push(
      details.type === undefined
        ? violation('failureDetails.type', details.type, 'Member must not be null')
        : violation(
            'failureDetails.type',
            details.type,
            `Member must satisfy enum value set: [${failureTypes.join(', ')}]`,
          ),
    )
  checkString(errors, 'failureDetails.message', details.message, { required: true, max: 5000 })
  return errors
}

/** AWS's summary line: "1 validation error detected: ..." / "2 validation errors detected: ...". */
export const validationMessage = (errors: string[]): string =>
  `${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`
