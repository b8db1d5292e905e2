import type { IncomingMessage, ServerResponse } from 'node:http'
import { triggerOfType } from '@repo/triggers'
import { LocalRunnerError, UnknownHandlerError } from '../errors.ts'
import type { LocalRuntime } from '../function/runtime.ts'
import { MethodNotAllowedError, RequestError, statusOf } from '../http/errors.ts'
import { sendJson, sendProblem } from '../http/reply.ts'
import { closeAfterAnswer, parseJsonBody, readBody } from '../http/request-body.ts'
import type { Output } from '../output.ts'
import { runPipelineJob } from '../triggers/codepipeline/pipeline-job.ts'
import type { RuleRouter } from '../triggers/schedules/rule-router.ts'
import { controlRequestRefusal } from './console/request-guard.ts'
import { consoleRoutes } from './console/routes.ts'
import { statusDocument } from './status.ts'

/** Lambda's limit for an asynchronous invocation's payload: what /fire and /events pass on. */
const MAX_EVENT_BYTES = 1024 * 1024
/** Artifacts live in S3, with no small limit; this only keeps a local upload bounded. */
const MAX_ARTIFACT_BYTES = 64 * 1024 * 1024

export interface ControlApiOptions {
  runtime: LocalRuntime
  rules: RuleRouter
  timeScale: number
  output: Output
  /** The address the listener binds, when not loopback: a Host naming it is accepted too. */
  listenerHost?: string
}

export interface Route {
  method: 'GET' | 'POST'
  /** Path segments after `/_local/<name>`, decoded. */
  run(request: IncomingMessage, response: ServerResponse, segments: string[]): Promise<void>
}

const usage =
  'GET /_local/ (the console), GET /_local/status, POST /_local/fire/<handler>[/<rule>], POST /_local/events, POST /_local/pipeline-job/<handler>'

/** `/_local/a%2Fb/c` → ['_local', 'a/b', 'c']; undecodable percent-escapes are the caller's error. */
const decodeSegments = (path: string): string[] => {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent)
  } catch {
    throw new RequestError(400, `The path ${path} holds an invalid percent-escape.`)
  }
}

const routes = ({ runtime, rules, timeScale, output }: ControlApiOptions): Map<string, Route> =>
  new Map(
    Object.entries({
      ...consoleRoutes({ runtime, rules, timeScale, output }),
      status: {
        method: 'GET',
        run: async (request, response) => {
          const listener = `http://127.0.0.1:${request.socket.localPort}`
          sendJson(response, 200, statusDocument(runtime, rules, { timeScale, listener }))
        },
      },
      fire: {
        method: 'POST',
        run: async (request, response, [handler, rule]) => {
          if (handler === undefined) throw new RequestError(404, `No route: ${usage}.`)
          const chosen = rules.find(handler, rule)
          const body = await readBody(request, MAX_EVENT_BYTES)
          const event = body.length > 0 ? parseJsonBody(body) : undefined
          for (const one of chosen) {
            if (one.schedule) rules.fire(one, new Date(), true)
            else if (event !== undefined)
              void runtime.invokeAsync(one.handler, event, `rule ${one.name}`)
            else
              throw new LocalRunnerError(
                `Rule ${one.name} matches events by pattern: POST the event as the body, or POST it to /_local/events.`,
              )
          }
          sendJson(response, 202, { fired: chosen.map((one) => one.name) })
        },
      },
      events: {
        method: 'POST',
        run: async (request, response) => {
          const event = parseJsonBody(await readBody(request, MAX_EVENT_BYTES))
          sendJson(response, 202, { matchedRules: rules.route(event) })
        },
      },
      'pipeline-job': {
        method: 'POST',
        run: async (request, response, [name]) => {
          const handler = name === undefined ? undefined : runtime.handler(name)
          if (!handler) throw new UnknownHandlerError(`No handler "${name ?? ''}".`)
          const outcome = await runPipelineJob({
            functionName: handler.name,
            trigger: triggerOfType(handler.declaration, 'codepipeline'),
            zip: await readBody(request, MAX_ARTIFACT_BYTES),
            s3: runtime.emulators.clients.s3,
            codePipeline: runtime.emulators.codePipeline,
            invoke: (event) => runtime.invokeAsync(handler.name, event, 'codepipeline'),
          })
          sendJson(response, 200, outcome)
        },
      },
    }),
  )

/**
 * The control API under `/_local/`: status, firing rules, routing events, pipeline jobs.
 * Every refusal is RFC 9457 problem+json; HEAD is answered wherever GET is.
 */
export const createControlApi = (options: ControlApiOptions) => {
  const table = routes(options)
  return async (request: IncomingMessage, response: ServerResponse, path: string) => {
    try {
      const refusal = controlRequestRefusal(request, options.listenerHost)
      if (refusal) throw new RequestError(403, refusal)
      const [, name = '', ...segments] = decodeSegments(path)
      const route = table.get(name)
      if (!route) throw new RequestError(404, `No route: ${usage}.`)
      const method = request.method ?? 'GET'
      const allowed = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]
      if (!allowed.includes(method)) throw new MethodNotAllowedError(method, allowed)
      await route.run(request, response, segments)
    } catch (error) {
      const status = statusOf(error)
      if (status === 500)
        options.output.note(`control API: ${(error as Error).stack ?? String(error)}`)
      if (response.headersSent) return void response.end()
      if (status === 413 || status === 403) closeAfterAnswer(request, response)
      sendProblem(
        response,
        status,
        status === 500 ? 'The local runner failed; see its output.' : (error as Error).message,
        {
          ...(error instanceof MethodNotAllowedError && { allow: error.allow.join(', ') }),
          // A refused request's body is not read: the client must not reuse this connection.
          ...(status === 403 && { connection: 'close' }),
        },
      )
    }
  }
}
