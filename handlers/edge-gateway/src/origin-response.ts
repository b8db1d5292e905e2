import type { CloudFrontRequest, CloudFrontResponse } from 'aws-lambda'
import { headerValue, setHeader } from './cloudfront-headers.ts'
import type { Config } from './config.ts'
import { underPrefix } from './paths.ts'

/**
 * Runs when the origin answers, before CloudFront caches the answer: the Cache-Control CloudFront
 * (and browsers) will obey, by status. Errors are never cached; a protected path's answer is one
 * user's and never shared; otherwise the origin's own Cache-Control wins, else the default of
 * its status class.
 */
export const cacheControlFor = (
  status: number,
  uri: string,
  originCacheControl: string | undefined,
  config: Config,
): string | undefined => {
  if (underPrefix(uri, config.protectedPathPrefixes)) return 'private, no-store'
  if (status >= 500) return 'no-store'
  if (status === 404 || status === 410) return config.cacheControl.notFound
  if (originCacheControl !== undefined) return undefined
  if (status >= 200 && status < 300) return config.cacheControl.success
  if (status === 301 || status === 308) return config.cacheControl.redirect
  return 'no-store'
}

export const onOriginResponse = (
  request: CloudFrontRequest,
  response: CloudFrontResponse,
  config: Config,
): CloudFrontResponse => {
  const value = cacheControlFor(
    Number(response.status),
    request.uri,
    headerValue(response.headers, 'cache-control'),
    config,
  )
  if (value !== undefined) setHeader(response.headers, 'Cache-Control', value)
  return response
}
