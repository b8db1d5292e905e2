import { STATUS_CODES } from 'node:http'

/** What goes back to the HTTP client. */
export interface HttpReply {
  status: number
  reason: string
  headers: Record<string, string | string[]>
  body: Buffer
}

/** ALB refuses Lambda responses larger than 1 MB (the JSON the function returns). */
export const MAX_RESPONSE_BYTES = 1024 * 1024

/** ALB's answer when the target misbehaves: 502 with its own small HTML page. */
export const badGateway = (): HttpReply => ({
  status: 502,
  reason: 'Bad Gateway',
  headers: { 'content-type': 'text/html', server: 'awselb/2.0' },
  body: Buffer.from(
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
  ),
})

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const scalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'

/** Hop-by-hop and framing headers are the listener's business, not the function's. */
const listenerOwned = new Set(['content-length', 'transfer-encoding', 'connection'])

/**
 * Turns a Lambda result into the HTTP response ALB would send, or a 502 where ALB sends one:
 * not an object, no integer status, headers that are not strings, a body that is not a string,
 * invalid base64, or more than 1 MB. In multi-value mode only `multiValueHeaders` count.
 */
export const albReplyFromResult = (result: unknown, multiValue: boolean): HttpReply => {
  if (!isRecord(result)) return badGateway()
  if (Buffer.byteLength(JSON.stringify(result)) > MAX_RESPONSE_BYTES) return badGateway()
  const status = result.statusCode
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return badGateway()
  const headers: Record<string, string | string[]> = {}
  const source = multiValue ? result.multiValueHeaders : result.headers
  if (source !== undefined && source !== null) {
    if (!isRecord(source)) return badGateway()
    for (const [name, value] of Object.entries(source)) {
      if (listenerOwned.has(name.toLowerCase())) continue
      if (multiValue) {
        if (!Array.isArray(value) || !value.every(scalar)) return badGateway()
        headers[name] = value.map(String)
      } else {
        if (!scalar(value)) return badGateway()
        headers[name] = String(value)
      }
    }
  }
  const body = result.body ?? ''
  if (typeof body !== 'string') return badGateway()
  if (result.isBase64Encoded === true && !/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return badGateway()
  const description = typeof result.statusDescription === 'string' ? result.statusDescription : ''
  // statusDescription is "200 OK": the reason phrase is what follows the code.
  const reason = description.replace(/^\d{3}\s*/, '') || (STATUS_CODES[status] ?? '')
  return {
    status,
    reason,
    headers,
    body: Buffer.from(body, result.isBase64Encoded === true ? 'base64' : 'utf8'),
  }
}
