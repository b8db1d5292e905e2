import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { albEncodesBodyAsBase64 } from '@repo/shared'
import type { ALBEvent } from 'aws-lambda'

export interface AlbEventOptions {
  multiValue: boolean
  targetGroupArn: string
  /** The listener's port, as ALB reports it in x-forwarded-port. */
  listenerPort: number
}

/** Splits a raw query string without decoding: ALB passes names and values as the client sent them. */
const rawQuery = (search: string): Record<string, string[]> => {
  const parameters: Record<string, string[]> = {}
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue
    const separator = pair.indexOf('=')
    const name = separator === -1 ? pair : pair.slice(0, separator)
    parameters[name] = [
      ...(parameters[name] ?? []),
      separator === -1 ? '' : pair.slice(separator + 1),
    ]
  }
  return parameters
}

/** In single-value mode ALB keeps the last value of a repeated header or parameter. */
const lastValues = (multi: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values.at(-1) ?? '']))

const traceId = () =>
  `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`

/**
 * The event ALB sends a Lambda target for this request: header names lower-cased, values as
 * sent (single- or multi-value per the target group), query left URL-encoded, the body base64
 * by ALB's rule, and the headers ALB adds (x-forwarded-for/-proto/-port, x-amzn-trace-id).
 */
export const albEventFromRequest = (
  request: IncomingMessage,
  body: Buffer,
  options: AlbEventOptions,
): ALBEvent => {
  const headers: Record<string, string[]> = {}
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase()
    headers[name] = [...(headers[name] ?? []), request.rawHeaders[i + 1] ?? '']
  }
  const client = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '')
  // ALB appends the client to an existing X-Forwarded-For (its default "append" mode).
  const forwardedFor = headers['x-forwarded-for']?.at(-1)
  headers['x-forwarded-for'] = [forwardedFor ? `${forwardedFor}, ${client}` : client]
  headers['x-forwarded-proto'] = ['http']
  headers['x-forwarded-port'] = [String(options.listenerPort)]
  headers['x-amzn-trace-id'] ??= [traceId()]
  const url = request.url ?? '/'
  const queryStart = url.indexOf('?')
  const path = queryStart === -1 ? url : url.slice(0, queryStart)
  const query = rawQuery(queryStart === -1 ? '' : url.slice(queryStart))
  const base64 = body.length > 0 && albEncodesBodyAsBase64(headers)
  return {
    requestContext: { elb: { targetGroupArn: options.targetGroupArn } },
    httpMethod: request.method ?? 'GET',
    path,
    ...(options.multiValue
      ? { multiValueQueryStringParameters: query, multiValueHeaders: headers }
      : { queryStringParameters: lastValues(query), headers: lastValues(headers) }),
    body: base64 ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: base64,
  }
}
