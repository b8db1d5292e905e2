import type { CloudFrontRequest } from 'aws-lambda'
import { setHeader } from './cloudfront-headers.ts'
import type { Config } from './config.ts'
import { underPrefix } from './paths.ts'

/**
 * Runs on a cache miss, before CloudFront calls the origin: the ALB (the distribution's default
 * origin) keeps the API paths; every other path goes to the static-files bucket, `/` paths to
 * their `index.html`. The Host header must name the new origin (S3 answers by Host).
 */
export const onOriginRequest = (request: CloudFrontRequest, config: Config): CloudFrontRequest => {
  if (underPrefix(request.uri, config.albPathPrefixes)) return request
  const { domainName, region } = config.staticOrigin
  request.origin = {
    s3: {
      // Signed with the distribution's origin access identity: the bucket stays private.
      authMethod: 'origin-access-identity',
      customHeaders: {},
      domainName,
      path: '',
      region,
    },
  }
  setHeader(request.headers, 'Host', domainName)
  if (request.uri.endsWith('/')) request.uri = `${request.uri}index.html`
  return request
}
