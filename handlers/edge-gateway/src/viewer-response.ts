import type { CloudFrontResponse } from 'aws-lambda'
import { setHeader } from './cloudfront-headers.ts'
import type { Config } from './config.ts'

/**
 * Runs on every response to a viewer, cached or not: the security headers, whatever the origin
 * sent. It may not change the status, nor Content-Length, Content-Encoding, Transfer-Encoding,
 * Via or Warning (read-only for viewer-response events; CloudFront answers 502 otherwise).
 */
export const onViewerResponse = (
  response: CloudFrontResponse,
  config: Config,
): CloudFrontResponse => {
  setHeader(
    response.headers,
    'Strict-Transport-Security',
    `max-age=${config.hstsMaxAgeSeconds}; includeSubDomains`,
  )
  setHeader(response.headers, 'Content-Security-Policy', config.contentSecurityPolicy)
  setHeader(response.headers, 'X-Content-Type-Options', 'nosniff')
  setHeader(response.headers, 'Referrer-Policy', 'strict-origin-when-cross-origin')
  return response
}
