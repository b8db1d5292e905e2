import { type ServerResponse, STATUS_CODES } from 'node:http'

/**
 * Writes a whole response. Content-Length is always set, so a HEAD request (whose body Node
 * drops) gets the headers the GET would get.
 */
export const send = (
  response: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: Uint8Array | string,
  reason?: string,
): void => {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  response.writeHead(status, reason ?? STATUS_CODES[status] ?? '', {
    ...headers,
    'content-length': String(bytes.length),
  })
  response.end(bytes)
}

export const sendJson = (response: ServerResponse, status: number, body: unknown): void =>
  send(
    response,
    status,
    { 'content-type': 'application/json' },
    `${JSON.stringify(body, null, 2)}\n`,
  )

/** An RFC 9457 problem document (`about:blank`: the title is the status phrase). */
export const sendProblem = (
  response: ServerResponse,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): void =>
  send(
    response,
    status,
    { ...headers, 'content-type': 'application/problem+json' },
    `${JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail })}\n`,
  )
