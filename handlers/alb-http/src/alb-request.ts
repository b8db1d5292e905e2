import type { ALBEvent, Context } from 'aws-lambda'
import { HttpProblem } from './errors.ts'

/**
 * Readers for an ALB event in either target-group mode. They never write to the event: a
 * redelivered or concurrently handled event object must look the same to every reader, and
 * decoding in place is how values end up decoded twice.
 */

/** The target group has `lambda.multi_value_headers.enabled`: the answer must use multiValueHeaders too. */
export const usesMultiValue = (event: ALBEvent): boolean =>
  // `?.`: this also shapes the 400 for an event that is not an ALB request at all (null).
  event?.multiValueHeaders != null || event?.multiValueQueryStringParameters != null

/** An own entry only: a header map that lacks `constructor` must not answer with `Object`. */
const ownEntry = <T>(map: Record<string, T> | null | undefined, name: string): T | undefined =>
  map != null && Object.hasOwn(map, name) ? map[name] : undefined

/** Every value of a header. Names are lower case (ALB sends them so; http-header-normalizer makes sure). */
export const headerValues = (event: ALBEvent, name: string): string[] => {
  const multi = ownEntry(event.multiValueHeaders, name)
  if (multi !== undefined) return multi
  const single = ownEntry(event.headers, name)
  return single === undefined ? [] : [single]
}

/** The last value, which is what ALB itself keeps in single-value mode. */
export const headerValue = (event: ALBEvent, name: string): string | undefined =>
  headerValues(event, name).at(-1)

/** ALB passes the query string as the client sent it; values are form-encoded (`+` is a space). */
const decodeQueryComponent = (raw: string): string => {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '))
  } catch {
    throw new HttpProblem(400, 'The query string has a malformed percent-encoding.')
  }
}

/**
 * Query parameters decoded exactly once, in either mode. A repeated name keeps every value. The
 * names are the client's, so the result has no prototype: `?constructor=1` or `?__proto__=x` is
 * an ordinary parameter, and reading an absent `constructor` gives undefined, not `Object`.
 */
export const queryParameters = (event: ALBEvent): Readonly<Record<string, string[]>> => {
  const raw = new Map<string, string[]>()
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    raw.set(name, values ?? [])
  }
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) raw.set(name, [value])
  }
  const decoded: Record<string, string[]> = Object.create(null)
  for (const [name, values] of raw) {
    const key = decodeQueryComponent(name)
    decoded[key] = [...(decoded[key] ?? []), ...values.map(decodeQueryComponent)]
  }
  return decoded
}

/** A path segment decoded once (paths, unlike queries, keep `+` literal). */
export const decodePathSegment = (raw: string): string => {
  try {
    return decodeURIComponent(raw)
  } catch {
    throw new HttpProblem(400, 'The path has a malformed percent-encoding.')
  }
}

const TRACE_ROOT = /(?:^|;)\s*Root=([^;\s]+)/

/**
 * The id to quote when reporting a failure: the X-Ray root ALB adds to every request (it is in
 * ALB's access logs too), else Lambda's request id.
 */
export const correlationId = (event: ALBEvent, context: Pick<Context, 'awsRequestId'>): string => {
  const trace = headerValue(event, 'x-amzn-trace-id')
  return trace?.match(TRACE_ROOT)?.[1] ?? context.awsRequestId
}
