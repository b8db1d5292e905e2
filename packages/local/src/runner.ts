import type { IncomingMessage, ServerResponse } from 'node:http'
import { createControlApi } from './control/api.ts'
import { discoverHandlers } from './function/discover.ts'
import { LocalRuntime } from './function/runtime.ts'
import { watchHandler } from './function/watch.ts'
import { startHttpServer } from './http/server.ts'
import type { Output } from './output.ts'
import { createAlbListener } from './triggers/alb/listener.ts'
import { createCloudFrontListener } from './triggers/cloudfront/listener.ts'
import { wireTriggers } from './triggers/wiring.ts'

export interface RunnerOptions {
  /** ALB listener and the /_local control API. 0 = any free port. */
  port: number
  /** The address that listener binds: 127.0.0.1 unless the user asks for another. */
  host?: string
  /** The local CloudFront distribution (when a handler has cloudfront triggers). 0 = any free port (the default). */
  cloudfrontPort?: number
  /** S3/SQS/SNS endpoint. 0 = any free port. */
  awsPort: number
  dynamodbPort: number
  timeScale: number
  watch: boolean
  /** Rules to fire once everything is up: `<handler>/<rule>` or `<handler>` (all its schedules). */
  fire: string[]
  envOverrides?: Record<string, Record<string, string>>
  /** Folders of extra handler workspaces (besides handlers/), e.g. test fixtures. */
  handlerDirectories?: string[]
  output: Output
}

/** Where the runner listens (also printed on its `LOCAL_READY` line). */
export interface RunnerUrls {
  alb: string
  aws: string
  dynamodb: string
  codepipeline: string
  status: string
  /** Only when a handler has cloudfront (Lambda@Edge) triggers. */
  cloudfront?: string
}

export interface Runner {
  runtime: LocalRuntime
  urls: RunnerUrls
  startupMs: number
  stop(): Promise<void>
}

/** How a client reaches the listener bound to `host` (a wildcard is reachable on loopback). */
const listenerName = (host: string) =>
  host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host

/** `/_local` and below is the control API; every other path is the ALB listener's. */
const isControlPath = (path: string) => path === '/_local' || path.startsWith('/_local/')

/**
 * `npm start`: every handler in its own worker, every trigger wired from its declaration, one
 * HTTP port for the ALB listener and the /_local control API, one for S3/SQS/SNS.
 */
export const startRunner = async (options: RunnerOptions): Promise<Runner> => {
  const began = performance.now()
  const { output, timeScale } = options
  const runtime = await LocalRuntime.start({
    handlers: await discoverHandlers(options.handlerDirectories ?? []),
    ports: { aws: options.awsPort, dynamodb: options.dynamodbPort },
    timeScale,
    output,
    ...(options.envOverrides && { envOverrides: options.envOverrides }),
  })
  const stoppers: (() => void | Promise<void>)[] = [() => runtime.stop()]
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne()
  }
  try {
    const triggers = wireTriggers(runtime, { timeScale, output })
    stoppers.push(triggers.stop)
    const host = options.host ?? '127.0.0.1'
    const control = createControlApi({
      runtime,
      rules: triggers.rules,
      timeScale,
      output,
      listenerHost: host,
    })
    const alb = createAlbListener(runtime)
    const server = await startHttpServer(
      options.port,
      (request: IncomingMessage, response: ServerResponse) => {
        const path = (request.url ?? '/').split('?')[0] ?? '/'
        return (isControlPath(path) ? control : alb)(request, response, path)
      },
      output,
      host,
    )
    stoppers.push(server.stop)
    // Cold starts run after the listeners are up: an early request simply waits for its handler.
    runtime
      .loadHandlers()
      .then(() => output.note(`handlers loaded in ${Math.round(performance.now() - began)} ms`))
      .catch((error: Error) => output.note(`a handler failed to load: ${error.message}`))
    if (options.watch)
      stoppers.push(...runtime.handlers.map((handler) => watchHandler(handler, runtime, output)))
    for (const spec of options.fire) {
      const [handler = '', rule] = spec.split('/')
      for (const chosen of triggers.rules.find(handler, rule))
        triggers.rules.fire(chosen, new Date(), true)
    }
    const listener = `http://${listenerName(host)}:${server.port}`
    // Lambda@Edge: a CloudFront distribution in front of the ALB listener, on its own port.
    let cloudfront: string | undefined
    if (runtime.handlers.some((h) => h.declaration.triggers.some((t) => t.type === 'cloudfront'))) {
      const edge = createCloudFrontListener(
        runtime,
        { alb: listener, s3: runtime.emulators.endpoints.aws },
        output,
      )
      const edgeServer = await startHttpServer(
        options.cloudfrontPort ?? 0,
        (request: IncomingMessage, response: ServerResponse) => edge(request, response),
        output,
        host,
      )
      stoppers.push(edgeServer.stop)
      cloudfront = `http://${listenerName(host)}:${edgeServer.port}`
    }
    return {
      runtime,
      urls: {
        alb: listener,
        ...runtime.emulators.endpoints,
        status: `${listener}/_local/status`,
        ...(cloudfront !== undefined ? { cloudfront } : {}),
      },
      startupMs: performance.now() - began,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
