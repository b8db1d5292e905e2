import { randomUUID } from 'node:crypto'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { albHealthCheck, albRequest, listCorpus, loadCorpusEvent } from '@repo/shared'
import { invoke, readQueue, useLocalAws } from '@repo/shared/harness'
import type { ALBEvent, ALBResult } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  albShapeProblems,
  FILES_BUCKET,
  JOBS_QUEUE,
  jsonBody,
  localAwsOptions,
  localHandler,
  responseHeader,
} from './support/local-handler.ts'

const aws = useLocalAws({ beforeAll, afterAll }, localAwsOptions)

const run = async (event: ALBEvent): Promise<ALBResult> => {
  const { handler } = localHandler(aws())
  const invocation = await invoke(handler, event)
  if (invocation.status !== 'success') throw new Error(`invocation ${invocation.status}`)
  return invocation.result
}

const isMultiValue = (event: ALBEvent) => event.multiValueHeaders !== undefined

/**
 * A sample retargeted at one of our routes, keeping its header mode and headers, minus the ones
 * that change the answer: the ELB health checker's user agent (answered as a health check) and a
 * content-encoding (415), both tested on their own.
 */
const retarget = (
  sample: ALBEvent,
  request: Pick<ALBEvent, 'httpMethod' | 'path' | 'body'>,
  headers: Record<string, string> = {},
): ALBEvent => {
  const kept = (name: string) => name !== 'user-agent' && name !== 'content-encoding'
  const single = Object.entries(sample.headers ?? {}).filter(([name]) => kept(name))
  const multi = Object.entries(sample.multiValueHeaders ?? {}).filter(([name]) => kept(name))
  return {
    ...sample,
    ...request,
    isBase64Encoded: false,
    ...(isMultiValue(sample)
      ? {
          multiValueHeaders: Object.fromEntries([
            ...multi,
            ...Object.entries(headers).map(([name, value]) => [name, [value]]),
          ]),
        }
      : { headers: Object.fromEntries([...single, ...Object.entries(headers)]) }),
  }
}

describe.each([false, true])('routing (multiValue: %s)', (multiValue) => {
  it('answers GET /health with 200 and never touches AWS', async () => {
    // A store and clients that fail on any call prove the route stays in memory.
    const unreachable = { send: () => Promise.reject(new Error('health touched AWS')) }
    const { handler } = localHandler(aws(), {
      store: {
        acquire: () => Promise.reject(new Error('health touched the store')),
        complete: () => Promise.reject(new Error('health touched the store')),
        release: () => Promise.reject(new Error('health touched the store')),
        get: () => Promise.reject(new Error('health touched the store')),
      },
      sqs: unreachable as never,
      s3: unreachable as never,
    })
    for (const event of [
      albRequest({ path: '/health', multiValue }),
      albRequest({ path: '/health/', multiValue }),
      albHealthCheck({ path: '/', multiValue }),
      albHealthCheck({ path: '/anything/else', multiValue }),
    ]) {
      const invocation = await invoke(handler, event)
      expect(invocation.status).toBe('success')
      const result = invocation.status === 'success' ? invocation.result : undefined
      expect(result?.statusCode).toBe(200)
      expect(result?.statusDescription).toBe('200 OK')
      expect(albShapeProblems(result, multiValue)).toEqual([])
    }
  })

  it('answers an unknown route with 404 problem+json', async () => {
    const result = await run(albRequest({ path: '/nowhere', multiValue }))
    expect(result.statusCode).toBe(404)
    expect(result.statusDescription).toBe('404 Not Found')
    expect(jsonBody(result)).toMatchObject({ type: 'about:blank', status: 404 })
    expect(albShapeProblems(result, multiValue)).toEqual([])
  })

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const cases = [
      { method: 'GET', path: '/jobs', allow: 'POST' },
      { method: 'DELETE', path: '/objects/a.txt', allow: 'GET' },
      { method: 'POST', path: '/health', allow: 'GET' },
    ]
    for (const { method, path, allow } of cases) {
      const result = await run(albRequest({ method, path, multiValue }))
      expect(result.statusCode).toBe(405)
      expect(result.statusDescription).toBe('405 Method Not Allowed')
      expect(responseHeader(result, 'allow')).toEqual([allow])
      expect(albShapeProblems(result, multiValue)).toEqual([])
    }
  })
})

describe('an event that is not an ALB request', () => {
  it.each([
    ['null', null],
    ['{}', {}],
    ['no httpMethod', { ...albRequest({ path: '/health' }), httpMethod: undefined }],
    ['a relative path', { ...albRequest(), path: 'health' }],
    ['headers as a string', { ...albRequest(), headers: 'user-agent: x' }],
    [
      'a null multi-value header',
      { ...albRequest({ multiValue: true }), multiValueHeaders: { a: null } },
    ],
    ['a numeric body', { ...albRequest({ method: 'POST', path: '/jobs' }), body: 7 }],
  ])('%s: 400 problem+json naming the field, not a 500', async (_, event) => {
    const result = await run(event as ALBEvent)
    expect(result.statusCode).toBe(400)
    expect(responseHeader(result, 'content-type')).toEqual(['application/problem+json'])
    expect(jsonBody(result).detail).toMatch(
      /^The ALB event does not have the shape ALB sends: \S+ must be/,
    )
    // Still answered in the request's header mode, as far as the event shows one.
    const multiValue = (event as Partial<ALBEvent> | null)?.multiValueHeaders != null
    expect(albShapeProblems(result, multiValue)).toEqual([])
  })
})

describe('every ALB request sample in the corpus', () => {
  const samples = listCorpus('alb')

  it('has the samples the corpus README promises', () => {
    expect(samples.length).toBeGreaterThanOrEqual(15)
  })

  it.each(samples.map((sample) => sample.file))('%s: answered as ALB expects', async (file) => {
    const event = loadCorpusEvent<ALBEvent>(file)
    const result = await run(event)
    expect(albShapeProblems(result, isMultiValue(event))).toEqual([])
    const userAgent = event.headers?.['user-agent'] ?? event.multiValueHeaders?.['user-agent']?.[0]
    // None of the samples targets our routes: health checks get 200, the rest 404/405.
    const expected = userAgent?.startsWith('ELB-HealthChecker/') ? [200] : [404, 405]
    expect(expected).toContain(result.statusCode)
  })

  it.each(samples.map((sample) => sample.file))(
    '%s: as POST /jobs, queues one job',
    async (file) => {
      const sample = loadCorpusEvent<ALBEvent>(file)
      const body = JSON.stringify({ type: 'from-corpus', payload: { file } })
      const event = retarget(
        sample,
        { httpMethod: 'POST', path: '/jobs', body },
        { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      )
      await readQueue(aws(), JOBS_QUEUE)
      const result = await run(event)
      expect(result.statusCode).toBe(202)
      expect(albShapeProblems(result, isMultiValue(sample))).toEqual([])
      const messages = await readQueue(aws(), JOBS_QUEUE)
      expect(messages.map((message) => message.attributes.type)).toEqual(['from-corpus'])
    },
  )

  it.each(samples.map((sample) => sample.file))(
    '%s: as GET /objects/<key>, returns the object',
    async (file) => {
      await aws().clients.s3.send(
        new PutObjectCommand({
          Bucket: FILES_BUCKET,
          Key: 'corpus.bin',
          Body: Uint8Array.of(0, 255, 10),
        }),
      )
      const sample = loadCorpusEvent<ALBEvent>(file)
      const event = retarget(sample, { httpMethod: 'GET', path: '/objects/corpus.bin', body: '' })
      const result = await run(event)
      expect(result.statusCode).toBe(200)
      expect(albShapeProblems(result, isMultiValue(sample))).toEqual([])
      expect([...Buffer.from(result.body ?? '', 'base64')]).toEqual([0, 255, 10])
    },
  )
})
