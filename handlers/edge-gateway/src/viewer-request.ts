import type { KeyObject } from 'node:crypto'
import type { Logger } from '@repo/runtime'
import type { CloudFrontRequest, CloudFrontResultResponse } from 'aws-lambda'
import { headerValue, setHeader } from './cloudfront-headers.ts'
import type { Config } from './config.ts'
import { TokenRejectedError } from './errors.ts'
import { problemResult, redirectResult } from './generated-response.ts'
import { normaliseQueryString, normaliseUri, underPrefix } from './paths.ts'
import { bearerToken, verifyToken } from './token.ts'

/** The verified token's subject, for the ALB. A client's own copy is always removed first. */
export const SUBJECT_HEADER = 'X-Gateway-Subject'

export interface ViewerRequestDependencies {
  readonly config: Config
  readonly publicKey: KeyObject
  readonly logger: Logger
  /** Milliseconds since the epoch. */
  readonly now: () => number
}

/**
 * Runs on every request, before the cache: redirects plain HTTP on HTTPS-only hosts, rewrites
 * the path and query string to one spelling (a better cache hit ratio), and answers 401 at the
 * edge for a protected path without a valid token, so the ALB never sees it.
 */
export const onViewerRequest = (
  request: CloudFrontRequest,
  { config, publicKey, logger, now }: ViewerRequestDependencies,
): CloudFrontRequest | CloudFrontResultResponse => {
  const host = headerValue(request.headers, 'host')?.toLowerCase() ?? ''
  const uri = normaliseUri(request.uri)
  const querystring = normaliseQueryString(request.querystring ?? '', config.ignoredQueryParameters)

  // CloudFront-Forwarded-Proto is CloudFront's own header (a client cannot set it).
  const protocol = headerValue(request.headers, 'cloudfront-forwarded-proto')
  if (protocol === 'http' && config.httpsOnlyHosts.includes(host)) {
    return redirectResult(`https://${host}${uri}${querystring === '' ? '' : `?${querystring}`}`)
  }

  request.uri = uri
  request.querystring = querystring
  delete request.headers[SUBJECT_HEADER.toLowerCase()]

  if (underPrefix(uri, config.protectedPathPrefixes)) {
    try {
      const token = bearerToken(headerValue(request.headers, 'authorization'))
      const { subject } = verifyToken(token, {
        publicKey,
        audience: config.tokenAudience,
        now: Math.floor(now() / 1000),
      })
      setHeader(request.headers, SUBJECT_HEADER, subject)
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error
      logger.info('token refused', { problem: error.problem, uri })
      return problemResult(401, error.message, {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${error.problem}"`,
      })
    }
  }
  return request
}
