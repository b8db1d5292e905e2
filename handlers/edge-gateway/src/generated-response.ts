import { STATUS_CODES } from 'node:http'
import type { CloudFrontResultResponse } from 'aws-lambda'

/**
 * A response the function generates instead of forwarding the request. Kept small: CloudFront
 * refuses a generated response over 40 KB from a viewer-request function (1 MB from an origin
 * request; "Quotas on Lambda@Edge"), with a 502.
 */
export const problemResult = (
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): CloudFrontResultResponse => {
  const title = STATUS_CODES[status] ?? 'Unknown'
  return {
    status: String(status),
    statusDescription: title,
    headers: Object.fromEntries(
      Object.entries({
        ...headers,
        'Content-Type': 'application/problem+json',
        'Cache-Control': 'no-store',
      }).map(([key, value]) => [key.toLowerCase(), [{ key, value }]]),
    ),
    body: JSON.stringify({ type: 'about:blank', title, status, detail }),
  }
}

export const redirectResult = (location: string): CloudFrontResultResponse => ({
  status: '301',
  statusDescription: 'Moved Permanently',
  headers: { location: [{ key: 'Location', value: location }] },
})
