import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { planResources } from '../../emulators/resources.ts'
import { UnknownHandlerError } from '../../errors.ts'
import { RequestError } from '../../http/errors.ts'
import { send, sendJson } from '../../http/reply.ts'
import { parseJsonBody, readBody } from '../../http/request-body.ts'
import type { ControlApiOptions, Route } from '../api.ts'
import { buildCatalogueEvent, eventCatalogue } from './event-catalogue.ts'
import { isRecord } from './is-record.ts'
import { InvocationJournal, type InvocationSummary } from './journal.ts'
import { purgeQueue, queueMessages, queueView, queueViews, redriveMessage } from './queues.ts'
import { sendThroughTrigger } from './send-through-trigger.ts'

/** Lambda's synchronous payload limit: the most an Invoke from the console sends. */
const MAX_INVOKE_BYTES = 6 * 1024 * 1024
/** An upload from the Buckets view; S3 takes more, a local console needs no more. */
const MAX_UPLOAD_BYTES = 16 * 1024 * 1024
/** SSE comment lines keep idle connections (and proxies) from timing out. */
const HEARTBEAT_MS = 15_000

const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
}

/**
 * The console runs functions and purges queues, so no other page may frame it (clickjacking)
 * and it loads nothing from anywhere else: no CDN, works offline.
 */
const ASSET_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

const loadAssets = () =>
  new Map(
    Object.entries(ASSETS).map(([file, type]) => [
      file,
      { type, bytes: readFileSync(new URL(`./assets/${file}`, import.meta.url)) },
    ]),
  )

/** The listener as this request reached it, for requests the console sends to it itself. */
const listenerOf = (request: IncomingMessage) => {
  const address = (request.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '')
  return `http://${address.includes(':') ? `[${address}]` : address}:${request.socket.localPort}`
}

const streamInvocations = (
  request: IncomingMessage,
  response: ServerResponse,
  journal: InvocationJournal,
) => {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  if (request.method === 'HEAD') return void response.end()
  const write = (event: string, data: unknown) =>
    response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  write('snapshot', journal.summaries())
  const unsubscribe = journal.subscribe((summary: InvocationSummary) =>
    write('invocation', summary),
  )
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  request.socket.once('close', () => {
    clearInterval(heartbeat)
    unsubscribe()
  })
}

/**
 * The console's page and the endpoints behind its views, mounted in the control API under
 * `/_local/`. Every POST here changes state and is guarded like the rest of the API.
 */
export const consoleRoutes = (options: ControlApiOptions): Record<string, Route> => {
  const { runtime, rules } = options
  const journal = new InvocationJournal()
  runtime.observers.add(journal)
  const assets = loadAssets()
  const sendAsset = (response: ServerResponse, file: string) => {
    const asset = assets.get(file)
    if (!asset) throw new RequestError(404, `No console file "${file}".`)
    send(response, 200, { ...ASSET_HEADERS, 'content-type': asset.type }, asset.bytes)
  }
  const handlerNamed = (name: string | undefined) => {
    const handler = name === undefined ? undefined : runtime.handler(name)
    if (!handler) throw new UnknownHandlerError(`No handler "${name ?? ''}".`)
    return handler
  }
  const bucketNamed = (name: string | undefined) => {
    const declared = planResources(runtime.handlers).filter((one) => one.kind === 'bucket')
    const bucket = declared.find((one) => one.name === name)
    if (!bucket) throw new RequestError(404, `No declared bucket "${name ?? ''}".`)
    return bucket
  }
  return {
    '': { method: 'GET', run: async (_request, response) => sendAsset(response, 'index.html') },
    console: {
      method: 'GET',
      run: async (_request, response, [file]) => sendAsset(response, file ?? ''),
    },
    invocations: {
      method: 'GET',
      run: async (_request, response, [id]) => {
        if (id === undefined) return sendJson(response, 200, journal.summaries())
        const entry = journal.get(id)
        if (!entry) throw new RequestError(404, `No invocation ${id} in the console's memory.`)
        sendJson(response, 200, { ...entry, lastReport: journal.lastReports.get(entry.handler) })
      },
    },
    stream: {
      method: 'GET',
      run: async (request, response) => streamInvocations(request, response, journal),
    },
    handlers: {
      method: 'GET',
      run: async (_request, response) =>
        sendJson(
          response,
          200,
          runtime.handlers.map((handler) => ({
            name: handler.name,
            description: handler.declaration.description,
            invocationMode: handler.declaration.invocationMode,
            triggers: handler.declaration.triggers,
            asyncPolicy: handler.declaration.asyncPolicy ?? null,
            ...runtime.stats.get(handler.name),
            lastReport: journal.lastReports.get(handler.name) ?? null,
          })),
        ),
    },
    catalogue: {
      method: 'GET',
      run: async (_request, response) => sendJson(response, 200, eventCatalogue()),
    },
    'build-event': {
      method: 'POST',
      run: async (request, response, [trigger]) => {
        const body = parseJsonBody(await readBody(request, 64 * 1024))
        sendJson(response, 200, buildCatalogueEvent(trigger ?? '', body))
      },
    },
    invoke: {
      method: 'POST',
      run: async (request, response, [name]) => {
        const handler = handlerNamed(name)
        const body = parseJsonBody(await readBody(request, MAX_INVOKE_BYTES))
        if (!isRecord(body) || !Object.hasOwn(body, 'event'))
          throw new RequestError(400, 'The body is { "event": ..., "via": "direct" | "trigger" }.')
        if (body.via === 'trigger') {
          const objectBody = typeof body.objectBody === 'string' ? body.objectBody : undefined
          const sent = await sendThroughTrigger(handler, body.event, {
            runtime,
            rules,
            listener: listenerOf(request),
            ...(objectBody !== undefined && { objectBody }),
          })
          return sendJson(response, 202, sent)
        }
        if (body.via !== undefined && body.via !== 'direct')
          throw new RequestError(400, '"via" is "direct" or "trigger".')
        const outcome = await runtime.invokeOnce(handler.name, body.event, undefined, {
          source: 'console',
          async: false,
        })
        sendJson(response, 200, {
          requestId: outcome.awsRequestId,
          status: outcome.status,
          durationMs: outcome.durationMs,
          ...(outcome.status === 'success' ? { result: outcome.result } : { error: outcome.error }),
        })
      },
    },
    queues: {
      method: 'GET',
      run: async (_request, response, [name]) => {
        if (name === undefined) return sendJson(response, 200, queueViews(runtime))
        sendJson(response, 200, {
          ...queueView(runtime, name),
          messages: queueMessages(runtime, name),
        })
      },
    },
    purge: {
      method: 'POST',
      run: async (_request, response, [name]) =>
        sendJson(response, 200, await purgeQueue(runtime, name ?? '')),
    },
    redrive: {
      method: 'POST',
      run: async (_request, response, [name, messageId]) => {
        if (messageId === undefined)
          throw new RequestError(404, 'POST /_local/redrive/<queue>/<messageId>.')
        sendJson(response, 200, await redriveMessage(runtime, name ?? '', messageId))
      },
    },
    schedules: {
      method: 'GET',
      run: async (request, response) =>
        sendJson(
          response,
          200,
          rules.rules
            .filter((rule) => rule.schedule)
            .map((rule) => {
              const next = rules.nextTick(rule)
              return {
                handler: rule.handler,
                id: rule.id,
                name: rule.name,
                schedule: rule.schedule,
                nextTick: next?.tick.toISOString() ?? null,
                firesAt: next?.firesAt.toISOString() ?? null,
                fire: `POST ${listenerOf(request)}/_local/fire/${rule.handler}/${rule.id}`,
              }
            }),
        ),
    },
    buckets: {
      method: 'GET',
      run: async (_request, response) => {
        const { s3 } = runtime.emulators.clients
        const buckets = planResources(runtime.handlers).filter((one) => one.kind === 'bucket')
        sendJson(
          response,
          200,
          await Promise.all(
            buckets.map(async (bucket) => {
              const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket.name }))
              return {
                name: bucket.name,
                usedBy: bucket.usedBy,
                roles: bucket.roles,
                truncated: listed.IsTruncated === true,
                objects: (listed.Contents ?? []).map((object) => ({
                  key: object.Key,
                  size: object.Size,
                  lastModified: object.LastModified?.toISOString(),
                  eTag: object.ETag,
                })),
              }
            }),
          ),
        )
      },
    },
    upload: {
      method: 'POST',
      run: async (request, response, [name, ...keyParts]) => {
        const bucket = bucketNamed(name)
        const key = keyParts.join('/')
        if (key === '')
          throw new RequestError(400, 'POST /_local/upload/<bucket>/<key> with the bytes.')
        const body = await readBody(request, MAX_UPLOAD_BYTES)
        const contentType = request.headers['content-type']
        // Through the public endpoint, so the S3 notifications fire as for any other client.
        await runtime.emulators.clients.s3.send(
          new PutObjectCommand({
            Bucket: bucket.name,
            Key: key,
            Body: body,
            ...(contentType && { ContentType: contentType }),
          }),
        )
        sendJson(response, 201, { bucket: bucket.name, key, size: body.length })
      },
    },
  }
}
