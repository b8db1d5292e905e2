import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LocalRunnerError } from '../errors.ts'
import type { Output } from '../output.ts'
import { sendProblem } from './reply.ts'

/**
 * Listens on 127.0.0.1 (or on `host`, when the user asks) and resolves with the port (useful when
 * `port` is 0). A port in use is a LocalRunnerError whose message ends with `hint`, e.g. which
 * flag picks another port.
 */
export const listenOnLoopback = (
  server: Server,
  port: number,
  hint: string,
  host = '127.0.0.1',
): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalRunnerError(`Port ${port} is in use: ${hint}`)
          : error,
      ),
    )
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port))
  })

/** Stops accepting and drops open (keep-alive) connections, so shutdown does not wait on clients. */
export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>

export interface HttpServer {
  port: number
  stop(): Promise<void>
}

/**
 * An HTTP server on loopback. A handler that throws past its own error handling is a runner bug:
 * it is printed, and the client gets a 500 problem document instead of a hung request.
 */
export const startHttpServer = async (
  port: number,
  handle: RequestHandler,
  output: Output,
  host = '127.0.0.1',
): Promise<HttpServer> => {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      output.note(`request failed: ${error.stack ?? error.message}`)
      if (!response.headersSent)
        sendProblem(response, 500, 'The local runner failed; see its output.')
      else response.end()
    })
  })
  return {
    port: await listenOnLoopback(server, port, 'pass --port <port> (0 = any free port).', host),
    stop: () => closeServer(server),
  }
}
