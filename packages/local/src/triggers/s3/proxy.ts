import { createServer, request as forward, type Server } from 'node:http'
import { pipeline } from 'node:stream/promises'
import {
  answersWithQueueUrls,
  relayWithAdvertisedQueueUrls,
} from '../../emulators/advertised-queue-urls.ts'
import { closeServer, listenOnLoopback } from '../../http/server.ts'
import { classifyS3Request, type S3Write } from './operation.ts'

/** A write S3 acknowledged, with what the response said about it. */
export interface CompletedS3Write extends S3Write {
  /** Client address, as S3 puts it in `requestParameters.sourceIPAddress`. */
  sourceIp: string
  eventTime: string
  versionId?: string
}

export interface S3NotificationSource {
  subscribe(listener: (write: CompletedS3Write) => void): () => void
}

export interface S3Proxy {
  url: string
  events: S3NotificationSource
  stop(): Promise<void>
}

/**
 * fauxqs has no hook for object writes (its message spy says "uploaded" for a Put, a Copy and a
 * multipart completion alike, and S3 names them differently), so every client talks to this
 * pass-through proxy instead. It forwards bytes untouched and, when fauxqs answers 2xx to a
 * notifying write, tells its subscribers.
 */
export const startS3Proxy = async (options: {
  upstream: string
  port: number
}): Promise<S3Proxy> => {
  const upstream = new URL(options.upstream)
  const listeners = new Set<(write: CompletedS3Write) => void>()
  /** This proxy's own origin, where every SQS queue URL it hands out points. */
  let advertised = ''
  const server: Server = createServer((incoming, outgoing) => {
    const write = classifyS3Request(incoming.method ?? 'GET', incoming.url ?? '/', incoming.headers)
    const upstreamRequest = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        if (answersWithQueueUrls(incoming.headers))
          return void relayWithAdvertisedQueueUrls(response, outgoing, advertised).catch(() =>
            outgoing.destroy(),
          )
        outgoing.writeHead(response.statusCode ?? 502, response.statusMessage, response.headers)
        pipeline(response, outgoing)
          .then(() => {
            const status = response.statusCode ?? 500
            if (!write || status < 200 || status >= 300) return
            const versionId = response.headers['x-amz-version-id']
            const completed: CompletedS3Write = {
              ...write,
              sourceIp: (incoming.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
              eventTime: new Date().toISOString(),
              ...(typeof versionId === 'string' && versionId !== 'null' && { versionId }),
            }
            for (const listener of listeners) listener(completed)
          })
          .catch(() => outgoing.destroy())
      },
    )
    upstreamRequest.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' })
      outgoing.end(`local S3 proxy: fauxqs did not answer (${error.message})`)
    })
    pipeline(incoming, upstreamRequest).catch(() => upstreamRequest.destroy())
  })
  // Keep-alive sockets from SDK clients must not hold the runner open at shutdown.
  server.keepAliveTimeout = 5_000
  const port = await listenOnLoopback(
    server,
    options.port,
    'pass --aws-port <port> (0 = any free port).',
  )
  advertised = `http://127.0.0.1:${port}`
  return {
    url: advertised,
    events: {
      subscribe: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    stop: () => closeServer(server),
  }
}
