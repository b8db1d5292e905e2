import type { CloudFrontHeaders } from 'aws-lambda'

/** The first value of a header (CloudFront keys them by lower-case name). */
export const headerValue = (headers: CloudFrontHeaders, name: string): string | undefined =>
  Object.hasOwn(headers, name) ? headers[name]?.[0]?.value : undefined

/** Sets one header, replacing its values; `key` keeps the wire spelling. */
export const setHeader = (headers: CloudFrontHeaders, key: string, value: string): void => {
  headers[key.toLowerCase()] = [{ key, value }]
}
