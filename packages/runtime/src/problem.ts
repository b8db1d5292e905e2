import { STATUS_CODES } from 'node:http'
import type { ALBResult } from 'aws-lambda'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** Extra members of a problem document, e.g. the failing fields of a 422. */
export type ProblemExtensions = Readonly<Record<string, unknown>>

export interface ProblemOptions {
  headers?: Readonly<Record<string, string>>
  extensions?: ProblemExtensions
}

/** The status line ALB wants in `statusDescription`: `"409 Conflict"`. */
export const statusDescription = (status: number): string =>
  `${status} ${STATUS_CODES[status] ?? 'Unknown'}`

/**
 * An RFC 9457 problem document as an ALB result, with single-value `headers` (convert them to
 * `multiValueHeaders` when the request came in that mode). `type` is `about:blank`, so `title` is
 * the status phrase; extensions never overwrite the standard members, and the content type
 * cannot be overridden.
 */
export const problemResponse = (
  status: number,
  detail: string,
  { headers, extensions }: ProblemOptions = {},
): ALBResult => ({
  statusCode: status,
  statusDescription: statusDescription(status),
  headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE },
  body: JSON.stringify({
    ...extensions,
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Unknown',
    status,
    detail,
  }),
  isBase64Encoded: false,
})
