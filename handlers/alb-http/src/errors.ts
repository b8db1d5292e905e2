import type { ProblemExtensions } from '@repo/runtime'

/**
 * An error that is meant to reach the client: its status, `detail` and extensions become an
 * RFC 9457 problem document. Anything that is not an HttpProblem becomes a bare 500.
 */
export class HttpProblem extends Error {
  override name = 'HttpProblem'
  readonly status: number
  readonly headers: Record<string, string>
  readonly extensions: ProblemExtensions

  constructor(
    status: number,
    detail: string,
    options: { headers?: Record<string, string>; extensions?: ProblemExtensions } = {},
  ) {
    super(detail)
    this.status = status
    this.headers = options.headers ?? {}
    this.extensions = options.extensions ?? {}
  }
}
