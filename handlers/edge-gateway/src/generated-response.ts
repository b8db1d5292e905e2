import type { CloudFrontResultResponse } from 'aws-lambda'

/**
 * The statuses this gateway generates, with their reason phrases. Not `node:http`'s
 * STATUS_CODES: with node:http in the bundle, importing it in a fresh process took about 42 ms
 * instead of about 12 ms on this machine (bench/viewer-request.bench.ts measures the import), a
 * cost every new edge instance would pay for one string.
 */
const titles = { 401: 'Unauthorized' } as const

/**
 * A response the function generates instead of forwarding the request. Kept small: CloudFront
 * refuses a generated response over 40 KB from a viewer-request function (1 MB from an origin
 * request; "Quotas on Lambda@Edge"), with a 502.
 */
export const problemResult = (
  status: keyof typeof titles,
  detail: string,
  headers: Record<string, string> = {},
): CloudFrontResultResponse => {
  const title = titles[status]
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
