import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { albEventBody, albLastValues, parseAlbQuery } from '@repo/shared'
import type { ALBEvent } from 'aws-lambda'

export interface AlbEventOptions {
  multiValue: boolean
  targetGroupArn: string
}

const traceId = () =>
  `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`

/**
 * The request's headers, names lower-cased, every value in arrival order. Grouped in a Map: a
 * header may be called `__proto__` or `constructor`, which a plain object would not keep.
 */
const headersOf = (request: IncomingMessage): Map<string, string[]> => {
  const headers = new Map<string, string[]>()
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase()
    headers.set(name, [...(headers.get(name) ?? []), request.rawHeaders[i + 1] ?? ''])
  }
  return headers
}

/** The headers ALB adds: x-forwarded-for/-proto/-port, and a trace id unless the client sent one. */
const addForwardingHeaders = (headers: Map<string, string[]>, request: IncomingMessage) => {
  const client = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '')
  // ALB appends the client to an existing X-Forwarded-For (its default "append" mode).
  const forwardedFor = headers.get('x-forwarded-for')?.at(-1)
  headers.set('x-forwarded-for', [forwardedFor ? `${forwardedFor}, ${client}` : client])
  headers.set('x-forwarded-proto', ['http'])
  // The port the request came in on is the listener's port.
  headers.set('x-forwarded-port', [String(request.socket.localPort ?? 80)])
  if (!headers.has('x-amzn-trace-id')) headers.set('x-amzn-trace-id', [traceId()])
}

/**
 * The event ALB sends a Lambda target for this request: header names lower-cased, values as
 * sent (single- or multi-value per the target group), query left URL-encoded, the body base64
 * by ALB's rule (or when it is not UTF-8), and the headers ALB adds. Every name the client
 * chose becomes an own key, as in the JSON Lambda parses.
 */
export const albEventFromRequest = (
  request: IncomingMessage,
  body: Uint8Array,
  options: AlbEventOptions,
): ALBEvent => {
  const grouped = headersOf(request)
  addForwardingHeaders(grouped, request)
  const headers = Object.fromEntries(grouped)
  const url = request.url ?? '/'
  const queryStart = url.indexOf('?')
  const path = queryStart === -1 ? url : url.slice(0, queryStart)
  const query = parseAlbQuery(queryStart === -1 ? '' : url.slice(queryStart))
  return {
    requestContext: { elb: { targetGroupArn: options.targetGroupArn } },
    httpMethod: request.method ?? 'GET',
    path,
    ...(options.multiValue
      ? { multiValueQueryStringParameters: query, multiValueHeaders: headers }
      : { queryStringParameters: albLastValues(query), headers: albLastValues(headers) }),
    ...albEventBody(body, headers),
  }
}
