import { type IncomingHttpHeaders, request } from 'node:http'

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/**
 * One request through node:http, which (unlike fetch) sends a header list as is: repeated names
 * stay separate lines and any token is a name, `__proto__` included.
 */
export const rawRequest = (
  url: string,
  options: { method?: string; headers?: [string, string][]; body?: Uint8Array | string } = {},
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const headers = options.headers ?? []
    const outgoing = request(url, {
      method: options.method ?? 'GET',
      // A raw list gets no Host added: HTTP/1.1 requires one.
      headers: [
        ...(headers.some(([name]) => name.toLowerCase() === 'host')
          ? []
          : ['host', new URL(url).host]),
        ...headers.flat(),
      ],
    })
    outgoing.on('error', reject)
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      )
    })
    outgoing.end(options.body)
  })

export interface CutShortUpload {
  status: number
  /** Body bytes handed to the socket before the answer came (the rest was never sent). */
  bytesWritten: number
}

/**
 * POSTs up to `offeredBytes` chunked, writing only as fast as the server reads (backpressure),
 * and stops at the first answer. With `declaredLength`, sends that Content-Length and no body at
 * all: a server that waited for the body would never answer. Resolves only once the server has
 * closed the connection (a server that kept it open fails the test by timeout), with how much
 * had been sent when the answer came.
 */
export const uploadUntilAnswered = (
  url: string,
  offeredBytes: number,
  declaredLength?: number,
): Promise<CutShortUpload> =>
  new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    const outgoing = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        ...(declaredLength !== undefined && { 'content-length': String(declaredLength) }),
      },
    })
    let bytesWritten = 0
    let answered = false
    const pump = () => {
      if (declaredLength !== undefined) return void outgoing.flushHeaders()
      while (!answered && bytesWritten < offeredBytes) {
        bytesWritten += chunk.length
        if (!outgoing.write(chunk)) return void outgoing.once('drain', pump)
      }
      if (!answered) outgoing.end()
    }
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered) reject(error)
    })
    outgoing.on('response', (response) => {
      answered = true
      const sentBeforeAnswer = bytesWritten
      response.resume()
      const done = () =>
        resolve({
          status: response.statusCode ?? 0,
          bytesWritten: sentBeforeAnswer,
        })
      const socket = outgoing.socket
      if (!socket || socket.destroyed) done()
      else socket.once('close', done)
    })
    pump()
  })
