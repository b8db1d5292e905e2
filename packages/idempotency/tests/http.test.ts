import middy from '@middy/core'
import { idempotency, MemoryStore } from '@repo/idempotency'
import { loadCorpusEvent } from '@repo/shared'
import type { ALBEvent, ALBResult } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaContext, manualClock } from './support/context.ts'

const single = (method: string, key: string | undefined, body = '{"amount":10}'): ALBEvent => {
  const event = loadCorpusEvent<ALBEvent>('awsdocs-lambda-dg__alb__services-alb-request')
  const headers: Record<string, string> = { ...event.headers, 'content-type': 'application/json' }
  if (key !== undefined) headers['Idempotency-Key'] = key
  return { ...event, httpMethod: method, headers, body }
}

const multi = (method: string, key: string | undefined, body = '{"amount":10}'): ALBEvent => {
  const event = loadCorpusEvent<ALBEvent>('powertools-py__alb__albMultiValueHeadersEvent')
  const multiValueHeaders = { ...event.multiValueHeaders }
  if (key !== undefined) multiValueHeaders['idempotency-key'] = [key]
  return { ...event, httpMethod: method, multiValueHeaders, body }
}

const created = (n: number): ALBResult => ({
  statusCode: 201,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ order: n }),
})

const api = (respond: (n: number) => ALBResult | Promise<ALBResult> = created) => {
  let runs = 0
  const handler = middy(async (_event: ALBEvent) => respond(++runs)).use(
    idempotency<ALBEvent>({ store: new MemoryStore() }),
  )
  return { handler, runs: () => runs }
}

const problemOf = (result: ALBResult) =>
  JSON.parse(result.body ?? '{}') as { status: number; title: string }

describe('HTTP semantics on ALB (IETF Idempotency-Key draft)', () => {
  it('replays the original response with Idempotent-Replayed: true', async () => {
    const { handler, runs } = api()
    const first = (await handler(single('POST', 'k-1'), lambdaContext())) as ALBResult
    const second = (await handler(single('POST', 'k-1'), lambdaContext())) as ALBResult
    expect(first).toEqual(created(1))
    expect(second).toEqual({
      ...created(1),
      headers: { ...created(1).headers, 'idempotent-replayed': 'true' },
    })
    expect(runs()).toBe(1)
  })

  it('replays in multiValueHeaders form when the response used it', async () => {
    const { handler } = api(() => ({
      statusCode: 200,
      multiValueHeaders: { 'x-a': ['1'] },
      body: 'ok',
    }))
    await handler(multi('POST', 'k-1'), lambdaContext())
    const replay = (await handler(multi('POST', 'k-1'), lambdaContext())) as ALBResult
    expect(replay.multiValueHeaders).toEqual({ 'x-a': ['1'], 'idempotent-replayed': ['true'] })
  })

  it('answers 400 problem+json when POST or PATCH has no key, in the request header mode', async () => {
    const { handler, runs } = api()
    for (const method of ['POST', 'PATCH']) {
      const plain = (await handler(single(method, undefined), lambdaContext())) as ALBResult
      expect(plain.statusCode).toBe(400)
      expect(plain.headers?.['content-type']).toBe('application/problem+json')
      expect(problemOf(plain)).toMatchObject({ status: 400, title: 'Bad Request' })
      const mv = (await handler(multi(method, undefined), lambdaContext())) as ALBResult
      expect(mv.statusCode).toBe(400)
      expect(mv.headers).toBeUndefined()
      expect(mv.multiValueHeaders?.['content-type']).toEqual(['application/problem+json'])
    }
    expect(runs()).toBe(0)
  })

  it('answers 400 for keys over 255 characters or with control characters', async () => {
    const { handler, runs } = api()
    for (const key of ['x'.repeat(256), 'bad\u0001key', 'tab\tkey']) {
      const result = (await handler(single('POST', key), lambdaContext())) as ALBResult
      expect(result.statusCode).toBe(400)
    }
    expect(runs()).toBe(0)
  })

  it('answers 409 with Retry-After while the first request is in flight', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    const { handler, runs } = api(async (n) => {
      await gate
      return created(n)
    })
    const first = handler(single('POST', 'k-1'), lambdaContext())
    const conflict = (await handler(single('POST', 'k-1'), lambdaContext())) as ALBResult
    expect(conflict.statusCode).toBe(409)
    expect(JSON.parse(conflict.body ?? '{}').detail).toBe(
      'A request with this Idempotency-Key is still being processed. Retry after the delay in Retry-After.',
    )
    expect(Number(conflict.headers?.['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(problemOf(conflict).status).toBe(409)
    const second = handler(multi('POST', 'k-2'), lambdaContext())
    const conflictMv = (await handler(multi('POST', 'k-2'), lambdaContext())) as ALBResult
    expect(conflictMv.statusCode).toBe(409)
    expect(conflictMv.multiValueHeaders?.['retry-after']).toEqual([expect.stringMatching(/^\d+$/)])
    release()
    await Promise.all([first, second])
    expect(runs()).toBe(2)
  })

  it('Retry-After is the owner’s remaining lock time in whole seconds, rounded up, at least 1', async () => {
    const clock = manualClock()
    const store = new MemoryStore()
    const handler = middy(async (_: ALBEvent) => created(1)).use(
      idempotency<ALBEvent>({ store, now: clock.now }),
    )
    const retryAfterWhen = async (remainingMs: number): Promise<string | undefined> => {
      const key = `k-${remainingMs}`
      await store.acquire({
        key: `test-fn#alb:POST /lambda:${key}`,
        owner: 'someone-else',
        expiresAt: clock.now() + remainingMs,
        now: clock.now(),
      })
      const answer = (await handler(
        single('POST', key),
        lambdaContext({ clock: clock.now }),
      )) as ALBResult
      expect(answer.statusCode).toBe(409)
      return String(answer.headers?.['retry-after'])
    }
    expect(await retryAfterWhen(30_000)).toBe('30')
    expect(await retryAfterWhen(1_500)).toBe('2')
    expect(await retryAfterWhen(1)).toBe('1')
  })

  it('answers 422 when the key is reused with another body', async () => {
    const { handler, runs } = api()
    await handler(single('POST', 'k-1', '{"amount":10}'), lambdaContext())
    const reused = (await handler(
      single('POST', 'k-1', '{"amount":99}'),
      lambdaContext(),
    )) as ALBResult
    expect(reused.statusCode).toBe(422)
    expect(JSON.parse(reused.body ?? '{}').detail).toBe(
      'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
    )
    // The title is the status phrase Node knows (@repo/runtime's problemResponse, as every ALB answer).
    expect(problemOf(reused)).toMatchObject({ status: 422, title: 'Unprocessable Entity' })
    expect(runs()).toBe(1)
  })

  it('does not store 5xx (a retry runs again) but stores 4xx', async () => {
    const statuses = [503, 200, 404]
    const five = api(() => ({ statusCode: statuses.shift() ?? 500, body: '' }))
    expect(
      ((await five.handler(single('POST', 'k'), lambdaContext())) as ALBResult).statusCode,
    ).toBe(503)
    expect(
      ((await five.handler(single('POST', 'k'), lambdaContext())) as ALBResult).statusCode,
    ).toBe(200)
    expect(
      ((await five.handler(single('POST', 'k'), lambdaContext())) as ALBResult).statusCode,
    ).toBe(200)
    expect(five.runs()).toBe(2)
    const four = api(() => ({ statusCode: 404, body: 'nope' }))
    await four.handler(single('POST', 'k'), lambdaContext())
    const replay = (await four.handler(single('POST', 'k'), lambdaContext())) as ALBResult
    expect(replay.statusCode).toBe(404)
    expect(replay.headers?.['idempotent-replayed']).toBe('true')
    expect(four.runs()).toBe(1)
  })

  it('passes GET and HEAD through untouched, and PUT without a key', async () => {
    const { handler, runs } = api()
    await handler(single('GET', 'k-1'), lambdaContext())
    await handler(single('GET', 'k-1'), lambdaContext())
    await handler(single('HEAD', undefined), lambdaContext())
    await handler(single('PUT', undefined), lambdaContext())
    expect(runs()).toBe(4)
  })

  it('scopes the key by method and path', async () => {
    const { handler, runs } = api()
    await handler(single('POST', 'k-1'), lambdaContext())
    await handler({ ...single('POST', 'k-1'), path: '/other' }, lambdaContext())
    await handler(single('PATCH', 'k-1'), lambdaContext())
    expect(runs()).toBe(3)
  })
})
