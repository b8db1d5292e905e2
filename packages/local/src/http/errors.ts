import { LocalRunnerError, UnknownHandlerError, UnknownRuleError } from '../errors.ts'

/** A request the local port refuses, with the status it answers. */
export class RequestError extends LocalRunnerError {
  override name = 'RequestError'
  readonly status: number

  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

export class PayloadTooLargeError extends RequestError {
  override name = 'PayloadTooLargeError'

  constructor(limitBytes: number) {
    super(413, `The request body is larger than ${limitBytes} bytes.`)
  }
}

export class MethodNotAllowedError extends RequestError {
  override name = 'MethodNotAllowedError'
  readonly allow: readonly string[]

  constructor(method: string, allow: readonly string[]) {
    super(405, `${method} is not allowed here; use ${allow.join(' or ')}.`)
    this.allow = allow
  }
}

/** The status a failed request answers: 4xx for what the caller can fix, 500 for our bugs. */
export const statusOf = (error: unknown): number => {
  if (error instanceof RequestError) return error.status
  if (error instanceof UnknownHandlerError || error instanceof UnknownRuleError) return 404
  if (error instanceof LocalRunnerError) return 400
  return 500
}
