import { STATUS_CODES, validateHeaderName, validateHeaderValue } from 'node:http'

/** What goes back to the HTTP client. */
export interface HttpReply {
  status: number
  reason: string
  headers: Record<string, string | string[]>
  body: Buffer
}

/** ALB refuses Lambda responses larger than 1 MB (the JSON the function returns). */
export const MAX_RESPONSE_BYTES = 1024 * 1024

/** ALB's own small HTML page for an error it answers itself (413, 502, ...). */
export const albErrorPage = (status: number): HttpReply => {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`
  return {
    status,
    reason: STATUS_CODES[status] ?? '',
    headers: { 'content-type': 'text/html', server: 'awselb/2.0' },
    body: Buffer.from(
      `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
    ),
  }
}

/** ALB's answer when the target misbehaves: 502 with its own page. */
export const badGateway = (): HttpReply => albErrorPage(502)

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const scalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'

/** Hop-by-hop and framing headers are the listener's business, not the function's. */
const listenerOwned = new Set(['content-length', 'transfer-encoding', 'connection'])

/** Whether Node can put this header on the wire (a token name, no CR, LF or NUL in values). */
const sendable = (name: string, values: readonly string[]): boolean => {
  try {
    validateHeaderName(name)
    for (const value of values) validateHeaderValue(name, value)
    return true
  } catch {
    return false
  }
}

/**
 * Turns a Lambda result into the HTTP response ALB would send, or a 502 where ALB sends one:
 * not an object, no integer status, headers that are not strings (or not valid HTTP), a body
 * that is not a string, invalid base64, or more than 1 MB. In multi-value mode only `multiValueHeaders` count.
 */
export const albReplyFromResult = (result: unknown, multiValue: boolean): HttpReply => {
  if (!isRecord(result)) return badGateway()
  if (Buffer.byteLength(JSON.stringify(result)) > MAX_RESPONSE_BYTES) return badGateway()
  const status = result.statusCode
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return badGateway()
  // A Map: the function may name a header `__proto__`, which a plain object would swallow.
  const headers = new Map<string, string | string[]>()
  const source = multiValue ? result.multiValueHeaders : result.headers
  if (source !== undefined && source !== null) {
    if (!isRecord(source)) return badGateway()
    for (const [name, value] of Object.entries(source)) {
      if (listenerOwned.has(name.toLowerCase())) continue
      if (multiValue) {
        if (!Array.isArray(value) || !value.every(scalar)) return badGateway()
        headers.set(name, value.map(String))
      } else {
        if (!scalar(value)) return badGateway()
        headers.set(name, String(value))
      }
      if (!sendable(name, [headers.get(name) ?? []].flat())) return badGateway()
    }
  }
  const body = result.body ?? ''
  if (typeof body !== 'string') return badGateway()
  if (result.isBase64Encoded === true && !/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return badGateway()
  const description = typeof result.statusDescription === 'string' ? result.statusDescription : ''
  // statusDescription is "200 OK": the reason phrase is what follows the code.
  const reason = description.replace(/^\d{3}\s*/, '') || (STATUS_CODES[status] ?? '')
  if (/[\r\n\0]/.test(reason)) return badGateway()
  return {
    status,
    reason,
    headers: Object.fromEntries(headers),
    body: Buffer.from(body, result.isBase64Encoded === true ? 'base64' : 'utf8'),
  }
}
