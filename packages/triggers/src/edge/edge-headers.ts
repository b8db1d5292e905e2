import type { CloudFrontEventType } from '../declaration/cloudfront-trigger.ts'

/**
 * Headers an edge function may read but not add, change or remove, per event type ("Restrictions
 * on all edge functions", HTTP headers, CloudFront Developer Guide,
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html).
 * Touching one fails CloudFront's validation of the function's result: a 502 to the viewer.
 * Names are lower case, as CloudFront keys them.
 */
export const READ_ONLY_HEADERS: Readonly<Record<CloudFrontEventType, readonly string[]>> = {
  'viewer-request': ['content-length', 'host', 'transfer-encoding', 'via'],
  'origin-request': [
    'accept-encoding',
    'content-length',
    'if-modified-since',
    'if-none-match',
    'if-range',
    'if-unmodified-since',
    'transfer-encoding',
    'via',
  ],
  'origin-response': ['transfer-encoding', 'via'],
  'viewer-response': ['content-encoding', 'content-length', 'transfer-encoding', 'warning', 'via'],
}

/** Headers CloudFront never exposes to edge functions and refuses from them (same page). */
export const DISALLOWED_HEADERS: readonly string[] = [
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
]

/** Prefixes of disallowed headers: `X-Amz-Cf-*`, `X-Amzn-*` and `X-Edge-*` (same page). */
export const DISALLOWED_HEADER_PREFIXES: readonly string[] = ['x-amz-cf-', 'x-amzn-', 'x-edge-']

export const isDisallowedHeader = (name: string): boolean => {
  const lower = name.toLowerCase()
  return (
    DISALLOWED_HEADERS.includes(lower) ||
    DISALLOWED_HEADER_PREFIXES.some((prefix) => lower.startsWith(prefix))
  )
}

export const isReadOnlyHeader = (eventType: CloudFrontEventType, name: string): boolean =>
  READ_ONLY_HEADERS[eventType].includes(name.toLowerCase())
