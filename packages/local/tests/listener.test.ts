import { resolve } from 'node:path'
import type { ALBEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, uploadUntilAnswered } from './support/http-client.ts'
import { type RunnerProcess, startRunnerProcess } from './support/runner-process.ts'

const fixtures = resolve(import.meta.dirname, 'fixtures/handlers')
let runner: RunnerProcess

beforeAll(async () => {
  runner = await startRunnerProcess(['--handlers-dir', fixtures])
})

afterAll(async () => {
  await runner?.stop()
})

const MB = 1024 * 1024
/** Names an attacker picks because a plain object already has them. */
const prototypeNames = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString']

/** The event the echo fixture received, from its (base64-decoded) response body. */
const echoed = (body: Buffer) => JSON.parse(body.toString('utf8')) as ALBEvent
const ownEntry = (map: object | undefined, name: string) =>
  map !== undefined && Object.hasOwn(map, name) ? (map as Record<string, unknown>)[name] : undefined

describe('ALB listener: what the function receives', () => {
  it('multi-value mode: repeated headers and query parameters arrive as lists, in order', async () => {
    const response = await rawRequest(`${runner.urls.alb}/multi-echo?tag=a&tag=b%20c`, {
      headers: [
        ['X-Tag', '1'],
        ['x-tag', '2'],
      ],
    })
    expect(response.status).toBe(200)
    const event = echoed(response.body)
    expect(event.multiValueHeaders?.['x-tag']).toEqual(['1', '2'])
    expect(event.multiValueQueryStringParameters?.tag).toEqual(['a', 'b%20c'])
    expect(event).not.toHaveProperty('headers')
  })

  it.each(prototypeNames)(
    'single-value mode: %s as query key and header name is an own key',
    async (name) => {
      const response = await rawRequest(`${runner.urls.alb}/echo/keys?${name}=1&${name}=2`, {
        headers: [[name, 'h']],
      })
      expect(response.status).toBe(200)
      const event = echoed(response.body)
      expect(ownEntry(event.queryStringParameters, name)).toBe('2')
      expect(ownEntry(event.headers, name.toLowerCase())).toBe('h')
    },
  )

  it.each(prototypeNames)(
    'multi-value mode: %s as query key and header name is an own key',
    async (name) => {
      const response = await rawRequest(`${runner.urls.alb}/multi-echo?${name}=1&${name}=2`, {
        headers: [
          [name, 'h1'],
          [name, 'h2'],
        ],
      })
      expect(response.status).toBe(200)
      const event = echoed(response.body)
      expect(ownEntry(event.multiValueQueryStringParameters, name)).toEqual(['1', '2'])
      expect(ownEntry(event.multiValueHeaders, name.toLowerCase())).toEqual(['h1', 'h2'])
    },
  )

  it('a JSON body in valid UTF-8 arrives as text; invalid UTF-8 arrives base64, byte for byte', async () => {
    const json = { 'content-type': 'application/json' }
    const valid = await rawRequest(`${runner.urls.alb}/echo/utf8`, {
      method: 'POST',
      headers: Object.entries(json),
      body: '{"name":"résumé"}',
    })
    expect(echoed(valid.body)).toMatchObject({ body: '{"name":"résumé"}', isBase64Encoded: false })
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) // {"a":"\xff\xfe"}
    const invalid = await rawRequest(`${runner.urls.alb}/echo/utf8`, {
      method: 'POST',
      headers: Object.entries(json),
      body: bytes,
    })
    const event = echoed(invalid.body)
    expect(event.isBase64Encoded).toBe(true)
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes)
  })

  it('HEAD reaches the function and answers the headers without a body', async () => {
    const head = await rawRequest(`${runner.urls.alb}/echo/head`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers['x-greeting']).toBe('hello')
    expect(head.headers['content-type']).toBe('application/json')
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0)
    expect(head.body.length).toBe(0)
  })
})

describe('ALB listener: request bodies over 1 MB', () => {
  it('a declared Content-Length over 1 MB is answered 413 before the body is read', async () => {
    const upload = await uploadUntilAnswered(`${runner.urls.alb}/echo/big`, 64 * MB, 400 * MB)
    expect(upload.status).toBe(413)
    expect(upload.bytesWritten).toBeLessThan(16 * MB)
  })

  it('a chunked body is cut off at 1 MB: 413, the connection closed, the upload stopped short', async () => {
    const upload = await uploadUntilAnswered(`${runner.urls.alb}/echo/big`, 256 * MB)
    expect(upload.status).toBe(413)
    // Only what the socket buffers held got out; a server reading on would have taken all 256 MB.
    expect(upload.bytesWritten).toBeLessThan(16 * MB)
  })

  it('exactly 1 MB still reaches the function', async () => {
    const response = await rawRequest(`${runner.urls.alb}/echo/limit`, {
      method: 'POST',
      headers: [['content-type', 'application/octet-stream']],
      body: Buffer.alloc(MB, 0x62),
    })
    // The echoed event (1 MB of base64 and more) is over ALB's 1 MB response limit: 502, not 413.
    expect(response.status).toBe(502)
  })
})

describe('control API (/_local/)', () => {
  const problem = (response: { headers: Record<string, unknown>; body: Buffer }) => {
    expect(response.headers['content-type']).toBe('application/problem+json')
    return JSON.parse(response.body.toString('utf8')) as { status: number; detail: string }
  }

  it('an undecodable path is 400 problem+json, not 500', async () => {
    for (const path of ['/_local/fire/%zz', '/_local/fire/alb-echo/%E0%A4%A', '/_local/%']) {
      const response = await rawRequest(`${runner.urls.alb}${path}`, { method: 'POST' })
      expect(response.status, path).toBe(400)
      expect(problem(response)).toMatchObject({ status: 400 })
    }
  })

  it('HEAD /_local/status answers the GET headers without a body', async () => {
    const head = await rawRequest(runner.urls.status, { method: 'HEAD' })
    const get = await rawRequest(runner.urls.status)
    expect(head.status).toBe(200)
    expect(head.headers['content-type']).toBe(get.headers['content-type'])
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0)
    expect(head.body.length).toBe(0)
  })

  it('a wrong method is 405 with Allow; an unknown route is 404; a prototype name is no route', async () => {
    const wrong = await rawRequest(runner.urls.status, { method: 'POST' })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.allow).toBe('GET, HEAD')
    expect(problem(wrong).status).toBe(405)
    for (const name of ['nowhere', ...prototypeNames]) {
      const response = await rawRequest(`${runner.urls.alb}/_local/${name}`)
      expect(response.status, name).toBe(404)
    }
    const unknownHandler = await rawRequest(`${runner.urls.alb}/_local/fire/constructor`, {
      method: 'POST',
    })
    expect(unknownHandler.status).toBe(404)
  })

  it('an event that is not UTF-8 or not JSON is 400, and nothing is routed', async () => {
    const notUtf8 = await rawRequest(`${runner.urls.alb}/_local/events`, {
      method: 'POST',
      body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
    })
    expect(notUtf8.status).toBe(400)
    expect(problem(notUtf8).detail).toMatch(/UTF-8/)
    const notJson = await rawRequest(`${runner.urls.alb}/_local/events`, {
      method: 'POST',
      body: '{"source":',
    })
    expect(notJson.status).toBe(400)
    expect(problem(notJson).detail).toMatch(/not JSON/)
  })

  it('an event over 1 MB is 413', async () => {
    const upload = await uploadUntilAnswered(`${runner.urls.alb}/_local/events`, 64 * MB)
    expect(upload.status).toBe(413)
  })
})
