import type { IncomingMessage, ServerResponse } from 'node:http'
import { PayloadTooLargeError, RequestError } from './errors.ts'

/**
 * The request body, at most `limitBytes` of it. A declared Content-Length over the limit is
 * refused before a byte is read; a body that grows past it (chunked, or a short declared length)
 * is refused the moment it does, and nothing more is kept. Either way the caller answers 413 and
 * closes the connection (`closeAfterAnswer`), so the rest of the upload is never buffered.
 */
export const readBody = (request: IncomingMessage, limitBytes: number): Promise<Buffer> => {
  const declared = Number(request.headers['content-length'])
  if (declared > limitBytes) return Promise.reject(new PayloadTooLargeError(limitBytes))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limitBytes) return void chunks.push(chunk)
      // Not `for await`: leaving that loop destroys the socket before the 413 can be sent.
      stop()
      request.pause()
      chunks.length = 0
      reject(new PayloadTooLargeError(limitBytes))
    }
    const onEnd = () => {
      stop()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = (error: Error) => {
      stop()
      reject(error)
    }
    request.on('data', onData).on('end', onEnd).on('error', onError)
  })
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** The body as text, refusing bytes that are not UTF-8 instead of replacing them with U+FFFD. */
export const utf8Text = (body: Uint8Array, what = 'The request body'): string => {
  try {
    return strictUtf8.decode(body)
  } catch {
    throw new RequestError(400, `${what} is not valid UTF-8.`)
  }
}

/** A JSON body (strict UTF-8, then JSON.parse), 400 for either problem. */
export const parseJsonBody = (body: Uint8Array): unknown => {
  const text = utf8Text(body)
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new RequestError(400, `The request body is not JSON: ${(error as Error).message}`)
  }
}

/** How long a refused upload may keep sending (into the void) before its connection is cut. */
const LINGER_MS = 2_000

/**
 * After refusing a body, closes the connection in stages, as RFC 9112 §9.6 asks: once the answer
 * is out the write side is half-closed, and whatever the client is still sending is read and
 * dropped (never kept) for at most LINGER_MS. Closing at once would reset the connection under
 * a client that is still writing, and it would see "EPIPE" instead of our 413.
 */
export const closeAfterAnswer = (request: IncomingMessage, response: ServerResponse): void => {
  response.once('finish', () => {
    const socket = request.socket
    socket.end()
    request.resume()
    const cut = setTimeout(() => socket.destroy(), LINGER_MS)
    cut.unref()
    socket.once('close', () => clearTimeout(cut))
  })
}
