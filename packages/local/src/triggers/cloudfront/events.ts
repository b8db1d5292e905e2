import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isDisallowedHeader } from '@repo/triggers'
import type {
  CloudFrontHeaders,
  CloudFrontRequest,
  CloudFrontRequestEvent,
  CloudFrontResponse,
  CloudFrontResponseEvent,
} from 'aws-lambda'

/** The local distribution, as CloudFront names it in every event's `config`. */
export interface LocalDistribution {
  readonly domainName: string
  readonly id: string
}

type EventType = CloudFrontRequestEvent['Records'][number]['cf']['config']['eventType']

/** CloudFront's request id: 56 base64url-ish characters, one per viewer request. */
export const newRequestId = (): string =>
  randomBytes(42).toString('base64').replace(/\+/g, '_').replace(/\//g, '-')

/**
 * The request's headers in CloudFront's shape: keyed by lower-case name, the wire spelling in
 * `key`, every value in arrival order. The headers CloudFront does not expose to edge functions
 * (Connection, Expect, X-Amz-Cf-*, X-Amzn-*, ...: `isDisallowedHeader`) never reach one.
 */
export const viewerHeaders = (
  request: IncomingMessage,
  proto: 'http' | 'https',
): CloudFrontHeaders => {
  const headers: CloudFrontHeaders = Object.create(null)
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const key = request.rawHeaders[i] ?? ''
    const name = key.toLowerCase()
    if (isDisallowedHeader(name) || name === 'te') continue
    headers[name] = [...(headers[name] ?? []), { key, value: request.rawHeaders[i + 1] ?? '' }]
  }
  // CloudFront's own header (a viewer cannot set it): the protocol the viewer used.
  headers['cloudfront-forwarded-proto'] = [{ key: 'CloudFront-Forwarded-Proto', value: proto }]
  return { ...headers }
}

const config = (distribution: LocalDistribution, eventType: EventType, requestId: string) => ({
  distributionDomainName: distribution.domainName,
  distributionId: distribution.id,
  eventType,
  requestId,
})

export const requestEvent = (
  distribution: LocalDistribution,
  eventType: 'viewer-request' | 'origin-request',
  requestId: string,
  request: CloudFrontRequest,
): CloudFrontRequestEvent => ({
  Records: [{ cf: { config: config(distribution, eventType, requestId), request } }],
})

export const responseEvent = (
  distribution: LocalDistribution,
  eventType: 'origin-response' | 'viewer-response',
  requestId: string,
  request: CloudFrontRequest,
  response: CloudFrontResponse,
): CloudFrontResponseEvent => ({
  Records: [{ cf: { config: config(distribution, eventType, requestId), request, response } }],
})
