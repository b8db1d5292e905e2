import { createHash } from 'node:crypto'
import { watch } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { S3Sequencer } from '@repo/shared'
import { eventPatternMatches, matchAlbRoute, triggerOfType, triggersOfType } from '@repo/triggers'
import { albEventFromRequest } from './alb-event.ts'
import { albReplyFromResult, badGateway, type HttpReply } from './alb-response.ts'
import { discoverHandlers, type LocalHandler } from './discover.ts'
import { ACCOUNT_ID, REGION } from './emulators.ts'
import { LocalRunnerError, UnknownHandlerError, UnknownRuleError } from './errors.ts'
import type { Output } from './output.ts'
import { runPipelineJob } from './pipeline-job.ts'
import { localResourceName, planResources, snsDeliveryQueueName } from './resources.ts'
import { LocalRuntime } from './runtime.ts'
import { s3Deliveries } from './s3-notifications.ts'
import { type LocalRule, rulesOf, startSchedules, tickEvent } from './schedules.ts'
import { startSnsPoller } from './sns-delivery.ts'

export interface RunnerOptions {
  /** ALB listener and the /_local control API. 0 = any free port. */
  port: number
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

export interface Runner {
  runtime: LocalRuntime
  urls: { alb: string; aws: string; dynamodb: string; codepipeline: string; status: string }
  startupMs: number
  stop(): Promise<void>
}

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const sendJson = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(`${JSON.stringify(body, null, 2)}\n`)
}

const sendReply = (response: ServerResponse, reply: HttpReply) => {
  response.writeHead(reply.status, reply.reason, reply.headers)
  response.end(reply.body)
}

const targetGroupArn = (handler: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:targetgroup/${handler.slice(0, 32)}/${createHash('sha256').update(handler).digest('hex').slice(0, 16)}`

/**
 * `npm start`: every handler in its own worker, every trigger wired from its declaration, one
 * HTTP port for the ALB listener and the /_local control API, one for S3/SQS/SNS.
 */
export const startRunner = async (options: RunnerOptions): Promise<Runner> => {
  const began = performance.now()
  const { output } = options
  const handlers = await discoverHandlers(options.handlerDirectories ?? [])
  const runtime = await LocalRuntime.start({
    handlers,
    ports: { aws: options.awsPort, dynamodb: options.dynamodbPort },
    timeScale: options.timeScale,
    output,
    ...(options.envOverrides && { envOverrides: options.envOverrides }),
  })
  const stoppers: (() => void | Promise<void>)[] = []
  try {
    runtime.enableLogSubscription()
    const rules = rulesOf(handlers)
    const albHandlers = handlers.filter((h) => triggersOfType(h.declaration, 'alb').length > 0)

    // S3: every acknowledged write through the public endpoint may notify.
    const sequencer = new S3Sequencer()
    stoppers.push(
      runtime.emulators.s3Events.subscribe((write) => {
        s3Deliveries(write, handlers, runtime.emulators.clients.s3, sequencer)
          .then((deliveries) => {
            for (const { handler, event } of deliveries) runtime.invokeAsync(handler, event, 's3')
          })
          .catch((error: Error) =>
            output.line('s3', `notification failed: ${error.message}`, 'error'),
          )
      }),
    )

    // SNS: a queue per subscriber, polled by the runner.
    for (const handler of handlers) {
      for (const trigger of triggersOfType(handler.declaration, 'sns')) {
        const topic = localResourceName(handler.name, 'topic', trigger.topic)
        const queue = snsDeliveryQueueName(handler.name)
        runtime.emulators.fauxqs.subscribe({ topic, queue })
        stoppers.push(
          startSnsPoller({
            sqs: runtime.emulators.clients.sqs,
            queueUrl: runtime.emulators.queueUrl(queue),
            topicArn: runtime.emulators.topicArn(topic),
            trigger,
            deliver: (event) => void runtime.invokeAsync(handler.name, event, 'sns'),
            onError: (error) => output.line(handler.name, `SNS delivery: ${error.message}`, 'warn'),
          }),
        )
      }
    }

    const fireRule = (rule: LocalRule, time: Date, byHand: boolean) =>
      runtime.invokeAsync(rule.handler, tickEvent(rule, time, byHand), `rule ${rule.name}`)
    stoppers.push(
      startSchedules(rules, options.timeScale, (rule, time) => fireRule(rule, time, false)),
    )

    const findRules = (handler: string, rule?: string): LocalRule[] => {
      if (!runtime.handler(handler))
        throw new UnknownHandlerError(
          `No handler "${handler}"; there are: ${handlers.map((h) => h.name).join(', ')}.`,
        )
      const own = rules.filter((r) => r.handler === handler)
      const chosen =
        rule === undefined
          ? own.filter((r) => r.schedule)
          : own.filter((r) => r.id === rule || r.name === rule)
      if (chosen.length === 0)
        throw new UnknownRuleError(
          `No ${rule === undefined ? 'schedule rule' : `rule "${rule}"`} on ${handler}; its rules: ${own.map((r) => r.id).join(', ') || 'none'}.`,
        )
      return chosen
    }

    const routeEvent = (event: unknown) => {
      const matched = rules.filter(
        (rule) => rule.eventPattern !== undefined && eventPatternMatches(rule.eventPattern, event),
      )
      for (const rule of matched) void runtime.invokeAsync(rule.handler, event, `rule ${rule.name}`)
      return matched.map((rule) => rule.name)
    }

    const status = () => ({
      endpoints: urls,
      timeScale: options.timeScale,
      handlers: handlers.map((handler) => ({
        name: handler.name,
        invocationMode: handler.declaration.invocationMode,
        triggers: handler.declaration.triggers,
        asyncPolicy: handler.declaration.asyncPolicy ?? null,
        ...runtime.stats.get(handler.name),
      })),
      rules: rules.map(({ handler, id, name, schedule, eventPattern }) => ({
        handler,
        id,
        name,
        ...(schedule && { schedule }),
        ...(eventPattern && { eventPattern }),
        fire: `POST ${urls.alb}/_local/fire/${handler}/${id}`,
      })),
      resources: planResources(handlers).map((resource) => ({
        ...resource,
        ...(resource.kind === 'queue' && { url: runtime.emulators.queueUrl(resource.name) }),
        ...(resource.kind === 'topic' && { arn: runtime.emulators.topicArn(resource.name) }),
        ...(resource.kind === 'bucket' && { arn: `arn:aws:s3:::${resource.name}` }),
        ...(resource.kind === 'table' && {
          arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/${resource.name}`,
        }),
      })),
      destinations: runtime.destinations(),
      asyncInFlight: runtime.inFlight.size,
    })

    const control = async (request: IncomingMessage, response: ServerResponse, path: string) => {
      const parts = path.split('/').filter(Boolean).map(decodeURIComponent) // ['_local', ...]
      const method = request.method ?? 'GET'
      if (method === 'GET' && parts[1] === 'status') return sendJson(response, 200, status())
      if (method === 'POST' && parts[1] === 'fire' && parts[2]) {
        const chosen = findRules(parts[2], parts[3])
        const body = await readBody(request)
        for (const rule of chosen) {
          if (rule.schedule) void fireRule(rule, new Date(), true)
          else if (body.length > 0)
            void runtime.invokeAsync(
              rule.handler,
              JSON.parse(body.toString('utf8')),
              `rule ${rule.name}`,
            )
          else
            throw new LocalRunnerError(
              `Rule ${rule.name} matches events by pattern: POST the event as the body, or POST it to /_local/events.`,
            )
        }
        return sendJson(response, 202, { fired: chosen.map((rule) => rule.name) })
      }
      if (method === 'POST' && parts[1] === 'events') {
        const event = JSON.parse((await readBody(request)).toString('utf8')) as unknown
        return sendJson(response, 202, { matchedRules: routeEvent(event) })
      }
      if (method === 'POST' && parts[1] === 'pipeline-job' && parts[2]) {
        const handler = runtime.handler(parts[2])
        if (!handler) throw new UnknownHandlerError(`No handler "${parts[2]}".`)
        const outcome = await runPipelineJob({
          functionName: handler.name,
          trigger: triggerOfType(handler.declaration, 'codepipeline'),
          zip: await readBody(request),
          s3: runtime.emulators.clients.s3,
          codePipeline: runtime.emulators.codePipeline,
          invoke: (event) => runtime.invokeAsync(handler.name, event, 'codepipeline'),
        })
        return sendJson(response, 200, outcome)
      }
      return sendJson(response, 404, {
        message:
          'GET /_local/status, POST /_local/fire/<handler>[/<rule>], POST /_local/events, POST /_local/pipeline-job/<handler>',
      })
    }

    const listenerPort = () => (server.address() as AddressInfo).port
    const alb = async (request: IncomingMessage, response: ServerResponse, path: string) => {
      const host = request.headers.host ?? ''
      const method = request.method ?? 'GET'
      const target = albHandlers.find((handler) =>
        triggersOfType(handler.declaration, 'alb').some((trigger) =>
          matchAlbRoute(trigger, { method, path, host }),
        ),
      )
      if (!target) {
        // The listener's default action when no rule matches.
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        return response.end('No ALB rule matches this request (local listener default action).\n')
      }
      const multiValue = triggerOfType(target.declaration, 'alb').multiValueHeaders
      const body = await readBody(request)
      // ALB refuses request bodies over 1 MB for Lambda targets.
      if (body.length > 1024 * 1024)
        return sendReply(response, { ...badGateway(), status: 413, reason: 'Payload Too Large' })
      const event = albEventFromRequest(request, body, {
        multiValue,
        targetGroupArn: targetGroupArn(target.name),
        listenerPort: listenerPort(),
      })
      const outcome = await runtime.invokeOnce(target.name, event)
      sendReply(
        response,
        outcome.status === 'success'
          ? albReplyFromResult(outcome.result, multiValue)
          : badGateway(),
      )
    }

    const server: Server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0] ?? '/'
      const handle = path === '/_local' || path.startsWith('/_local/') ? control : alb
      handle(request, response, path).catch((error: Error) => {
        const status =
          error instanceof LocalRunnerError ? 404 : error instanceof SyntaxError ? 400 : 500
        if (!response.headersSent)
          sendJson(response, status, { error: error.name, message: error.message })
        else response.end()
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new LocalRunnerError(
                `Port ${options.port} is in use: pass --port <port> (0 = any free port).`,
              )
            : error,
        ),
      )
      server.listen(options.port, '127.0.0.1', () => resolve())
    })
    stoppers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        }),
    )
    const urls = {
      alb: `http://127.0.0.1:${listenerPort()}`,
      aws: runtime.emulators.endpoints.aws,
      dynamodb: runtime.emulators.endpoints.dynamodb,
      codepipeline: runtime.emulators.endpoints.codepipeline,
      status: `http://127.0.0.1:${listenerPort()}/_local/status`,
    }

    // Cold starts run after the listeners are up: an early request simply waits for its handler.
    runtime
      .loadHandlers()
      .then(() => output.note(`handlers loaded in ${Math.round(performance.now() - began)} ms`))
      .catch((error: Error) => output.note(`a handler failed to load: ${error.message}`))
    if (options.watch)
      stoppers.push(...handlers.map((handler) => watchHandler(handler, runtime, output)))
    for (const spec of options.fire) {
      const [handler = '', rule] = spec.split('/')
      for (const chosen of findRules(handler, rule)) void fireRule(chosen, new Date(), true)
    }
    return {
      runtime,
      urls,
      startupMs: performance.now() - began,
      stop: async () => {
        for (const stop of stoppers.reverse()) await stop()
        await runtime.stop()
      },
    }
  } catch (error) {
    for (const stop of stoppers.reverse()) await stop()
    await runtime.stop()
    throw error
  }
}

/** Re-loads a handler when a file under its src/ changes (debounced: editors write in bursts). */
const watchHandler = (
  handler: LocalHandler,
  runtime: LocalRuntime,
  output: Output,
): (() => void) => {
  let timer: NodeJS.Timeout | undefined
  const watcher = watch(join(handler.directory, 'src'), { recursive: true }, () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      runtime.hosts
        .get(handler.name)
        ?.reload()
        .then(() => output.line(handler.name, 'reloaded (source changed)'))
        .catch((error: Error) =>
          output.line(handler.name, `reload failed: ${error.message}`, 'error'),
        )
    }, 150)
  })
  return () => {
    clearTimeout(timer)
    watcher.close()
  }
}
