import type { IncomingMessage } from 'node:http'
import { PayloadTooLargeError, RequestError } from './errors.ts'

/**
 * The request body, at most `limitBytes` of it. A declared Content-Length over the limit is
 * refused before a byte is read; a body that grows past it (chunked, or a short declared length)
 * is refused the moment it does, and reading stops there. Either way the caller answers 413 with
 * `connection: close`, so the rest of the upload is never read, let alone buffered.
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
