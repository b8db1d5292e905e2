import { createServer, type IncomingMessage, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { defineHandler } from '@repo/triggers'
import type {
  CloudFrontRequestEvent,
  CloudFrontResponse,
  CloudFrontResponseEvent,
} from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { InvocationOutcome } from '../src/function/invocation.ts'
import type { LocalRuntime } from '../src/function/runtime.ts'
import { type HttpServer, startHttpServer } from '../src/http/server.ts'
import type { Output } from '../src/output.ts'
import { createCloudFrontListener } from '../src/triggers/cloudfront/listener.ts'

type EdgeEvent = CloudFrontRequestEvent | CloudFrontResponseEvent
type EdgeFunction = (event: EdgeEvent) => unknown

const cf = (event: EdgeEvent) => (event.Records[0] as CloudFrontResponseEvent['Records'][number]).cf

/** What each event type does by default: pass its request or response on unchanged. */
const passThrough: EdgeFunction = (event) =>
  cf(event).config.eventType.endsWith('-request') ? cf(event).request : cf(event).response

let behaviour: EdgeFunction
let outcomeOverride: Partial<InvocationOutcome> | undefined
const seen: string[] = []
const notes: string[] = []

// A stand-in for the worker runtime: the listener only needs the declarations and a sync invoke.
const runtime = {
  handlers: [
    {
      name: 'edge-fixture',
      directory: '',
      entry: '',
      declaration: defineHandler({
        name: 'edge-fixture',
        triggers: [
          { type: 'cloudfront', eventType: 'viewer-request' },
          { type: 'cloudfront', eventType: 'origin-request' },
          { type: 'cloudfront', eventType: 'origin-response' },
          { type: 'cloudfront', eventType: 'viewer-response' },
        ],
        function: { architecture: 'x86_64', memorySize: 128, timeout: 5 },
      }),
    },
  ],
  invokeOnce: async (_name: string, event: EdgeEvent): Promise<InvocationOutcome> => {
    seen.push(cf(event).config.eventType)
    const base = { awsRequestId: 'r', durationMs: 1, maxMemoryUsedMb: 1, logs: [] }
    if (outcomeOverride) return { ...base, ...outcomeOverride } as InvocationOutcome
    return { ...base, status: 'success', result: await behaviour(structuredClone(event)) }
  },
} as unknown as LocalRuntime

const output: Output = { line: () => {}, note: (text) => notes.push(text) }

let origin: Server
let originStatus = 200
const originRequests: IncomingMessage[] = []
let listener: HttpServer
let url: string

beforeAll(async () => {
  origin = createServer((request, response) => {
    originRequests.push(request)
    response.writeHead(originStatus, { 'content-type': 'text/plain' })
    response.end(`origin saw ${request.url}`)
  })
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
  const originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`
  const handle = createCloudFrontListener(runtime, { alb: originUrl, s3: originUrl }, output)
  listener = await startHttpServer(0, (request, response) => handle(request, response), output)
  url = `http://127.0.0.1:${listener.port}`
})
afterAll(async () => {
  await listener.stop()
  origin.close()
})
beforeEach(() => {
  behaviour = passThrough
  outcomeOverride = undefined
  originStatus = 200
  seen.length = 0
  notes.length = 0
  originRequests.length = 0
})

const onEvent =
  (eventType: string, change: (event: EdgeEvent) => unknown): EdgeFunction =>
  (event) =>
    cf(event).config.eventType === eventType ? change(event) : passThrough(event)

describe('the local CloudFront listener', () => {
  it('runs the four events in CloudFront order around the origin, with their changes', async () => {
    behaviour = (event) => {
      const { config, request } = cf(event)
      const response = cf(event).response as CloudFrontResponse | undefined
      if (config.eventType === 'viewer-request') {
        request.headers['x-from-viewer'] = [{ key: 'X-From-Viewer', value: '1' }]
        return request
      }
      if (config.eventType === 'origin-request') {
        request.uri = `/rewritten${request.uri}`
        return request
      }
      if (response === undefined) throw new Error('no response')
      response.headers[`x-${config.eventType}`] = [{ key: `X-${config.eventType}`, value: '1' }]
      return response
    }
    const answer = await fetch(`${url}/a?q=1`)
    expect(seen).toEqual(['viewer-request', 'origin-request', 'origin-response', 'viewer-response'])
    expect(await answer.text()).toBe('origin saw /rewritten/a?q=1')
    expect(originRequests[0]?.headers['x-from-viewer']).toBe('1')
    expect(originRequests[0]?.headers.via).toMatch(/CloudFront/)
    expect(answer.headers.get('x-origin-response')).toBe('1')
    expect(answer.headers.get('x-viewer-response')).toBe('1')
    expect(answer.headers.get('x-amz-cf-id')).toMatch(/^[A-Za-z0-9_-]{56}$/)
  })

  it('answers 502 with the reason when a viewer-request function changes a read-only header', async () => {
    behaviour = onEvent('viewer-request', (event) => {
      const { request } = cf(event)
      request.headers.host = [{ key: 'Host', value: 'elsewhere.example' }]
      return request
    })
    const answer = await fetch(`${url}/x`)
    expect(answer.status).toBe(502)
    expect((await answer.json()).detail).toMatch(/read-only header host \(viewer-request\)/)
    expect(originRequests).toHaveLength(0)
    expect(notes.join('\n')).toMatch(/cloudfront 502 GET \/x: .*read-only header host/)
  })

  it('lets an origin-request function change Host (read-only only at viewer request)', async () => {
    behaviour = onEvent('origin-request', (event) => {
      const { request } = cf(event)
      request.headers.host = [{ key: 'Host', value: 'bucket.example' }]
      return request
    })
    expect((await fetch(`${url}/x`)).status).toBe(200)
  })

  it('answers 502 when a viewer-request function generates a body over 40 KB, not 40 KB less', async () => {
    const generated = (bytes: number) => ({
      status: '200',
      statusDescription: 'OK',
      headers: {},
      body: 'x'.repeat(bytes),
    })
    behaviour = onEvent('viewer-request', () => generated(41 * 1024))
    const over = await fetch(`${url}/big`)
    expect(over.status).toBe(502)
    expect((await over.json()).detail).toMatch(/may generate at most 40960/)

    behaviour = onEvent('viewer-request', () => generated(39 * 1024))
    const under = await fetch(`${url}/big`)
    expect(under.status).toBe(200)
    expect((await under.text()).length).toBe(39 * 1024)
    expect(originRequests).toHaveLength(0)
  })

  it('allows an origin-request function the 1 MB limit', async () => {
    behaviour = onEvent('origin-request', () => ({ status: '200', body: 'y'.repeat(41 * 1024) }))
    expect((await fetch(`${url}/big`)).status).toBe(200)
  })

  it('answers 502 when a viewer-response function changes the status or adds a disallowed header', async () => {
    behaviour = onEvent('viewer-response', (event) => ({ ...cf(event).response, status: '201' }))
    expect((await (await fetch(`${url}/s`)).json()).detail).toMatch(/may not change the status/)
    behaviour = onEvent('viewer-response', (event) => {
      const response = cf(event).response
      response.headers['x-amz-cf-pop'] = [{ key: 'X-Amz-Cf-Pop', value: 'x' }]
      return response
    })
    expect((await (await fetch(`${url}/s`)).json()).detail).toMatch(
      /disallowed header x-amz-cf-pop/,
    )
  })

  it('answers 503 when the function throws or runs past the timeout', async () => {
    outcomeOverride = {
      status: 'error',
      error: { errorType: 'TypeError', errorMessage: 'boom' },
    }
    expect((await fetch(`${url}/e`)).status).toBe(503)
    outcomeOverride = { status: 'success', result: undefined, durationMs: 5001 }
    const slow = await fetch(`${url}/e`)
    expect(slow.status).toBe(503)
    expect((await slow.json()).detail).toMatch(/past its timeout/)
  })

  it('never shows a function the headers CloudFront keeps from edge functions', async () => {
    let seenHeaders: string[] = []
    behaviour = onEvent('viewer-request', (event) => {
      seenHeaders = Object.keys(cf(event).request.headers)
      return cf(event).request
    })
    await fetch(`${url}/h`, { headers: { 'X-Amz-Cf-Id': 'spoofed', 'X-Custom': '1' } })
    expect(seenHeaders).toContain('x-custom')
    expect(seenHeaders).toContain('cloudfront-forwarded-proto')
    expect(seenHeaders).not.toContain('x-amz-cf-id')
    expect(seenHeaders).not.toContain('connection')
  })

  it('answers 400 itself for a request target that is not a path', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const call = request(`${url}/`, { path: 'http://elsewhere.example/x' }, (answer) => {
        answer.resume()
        resolve(answer.statusCode ?? 0)
      })
      call.on('error', reject)
      call.end()
    })
    expect(status).toBe(400)
    expect(seen).toEqual([])
  })

  it('does not run viewer response when the origin answers 400 or more', async () => {
    originStatus = 404
    await fetch(`${url}/missing`)
    expect(seen).toEqual(['viewer-request', 'origin-request', 'origin-response'])
  })
})

describe('two handlers declaring one event type', () => {
  it('runs the first in folder order, and says which one it left out', async () => {
    const declaring = (name: string) => ({
      name,
      directory: '',
      entry: '',
      declaration: defineHandler({
        name,
        triggers: [{ type: 'cloudfront', eventType: 'viewer-request' }],
        function: { architecture: 'x86_64', memorySize: 128, timeout: 5 },
      }),
    })
    const ran: string[] = []
    const said: string[] = []
    const twoHandlers = {
      handlers: [declaring('normalise-a'), declaring('normalise-b')],
      invokeOnce: async (name: string, event: EdgeEvent): Promise<InvocationOutcome> => {
        ran.push(name)
        const base = { awsRequestId: 'r', durationMs: 1, maxMemoryUsedMb: 1, logs: [] }
        return { ...base, status: 'success', result: passThrough(event) } as InvocationOutcome
      },
    } as unknown as LocalRuntime
    const originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`
    const handle = createCloudFrontListener(
      twoHandlers,
      { alb: originUrl, s3: originUrl },
      { line: () => {}, note: (text) => said.push(text) },
    )
    const server = await startHttpServer(0, (req, res) => handle(req, res), output)
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/index.html`)
      expect(response.status).toBe(200)
    } finally {
      await server.stop()
    }
    expect(ran).toEqual(['normalise-a'])
    expect(said).toEqual([
      'cloudfront viewer-request: runs normalise-a, not normalise-b (one function per event type)',
    ])
  })
})
