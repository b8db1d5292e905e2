/** Why a bearer token was refused: the reason goes to the log and the 401, never the token. */
export type TokenProblem =
  | 'missing'
  | 'malformed'
  | 'unsupported-algorithm'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-audience'

/** The request to a protected path has no valid signed token: answered 401 at the edge. */
export class TokenRejectedError extends Error {
  override name = 'TokenRejectedError'
  readonly problem: TokenProblem

  constructor(problem: TokenProblem, detail: string) {
    super(detail)
    this.problem = problem
  }
}

/**
 * The configuration baked into the bundle is wrong. Thrown at cold start, so the bad build
 * fails its tests (and every invocation on CloudFront, as a 502 naming nothing): fix
 * edge-config.json and rebuild.
 */
export class EdgeConfigError extends Error {
  override name = 'EdgeConfigError'
}
