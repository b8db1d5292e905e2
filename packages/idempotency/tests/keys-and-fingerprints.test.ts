import { createHash } from 'node:crypto'
import middy from '@middy/core'
import { IdempotencyStoreError, idempotency, MemoryStore } from '@repo/idempotency'
import { albKey } from '@repo/idempotency/keys'
import { loadCorpusEvent } from '@repo/shared'
import type { ALBEvent, ALBResult } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaContext } from './support/context.ts'
import { promised } from './support/stores.ts'

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url')

/** A store that records the keys it is asked for. */
const keysSeen = () => {
  const keys: string[] = []
  const inner = new MemoryStore()
  const store = promised(inner, {
    acquire: (request) => {
      keys.push(request.key)
      return inner.acquire(request)
    },
  })
  return { store, keys, inner }
}

describe('stored keys', () => {
  it('keeps keys up to 1024 characters as they are and hashes longer ones', async () => {
    const { store, keys } = keysSeen()
    const handler = middy(async () => 1).use(
      idempotency({ store, key: (event: { k: string }) => event.k }),
    )
    const exact = 'k'.repeat(1024)
    const longer = 'k'.repeat(1025)
    await handler({ k: exact }, lambdaContext())
    await handler({ k: longer }, lambdaContext())
    expect(keys).toEqual([`test-fn#${exact}`, `test-fn#sha256:${sha256(longer)}`])
  })

  it('keeps a namespace exactly as given, leading whitespace included', async () => {
    const { store, keys } = keysSeen()
    const handler = (namespace: string) =>
      middy(async () => 1).use(idempotency({ store, namespace }))
    const event = { 'detail-type': 'x', id: 'e1' }
    await handler(' orders')(event, lambdaContext())
    await handler('orders')(event, lambdaContext())
    expect(keys).toEqual([' orders#eb:e1', 'orders#eb:e1'])
  })

  it('fingerprints strings as they are and anything else as JSON', async () => {
    const { store, inner } = keysSeen()
    const handler = middy(async () => 1).use(
      idempotency({
        store,
        key: (event: { k: string; part: unknown }) => event.k,
        fingerprint: (event) => event.part,
      }),
    )
    await handler({ k: 'text', part: 'hello' }, lambdaContext())
    await handler({ k: 'json', part: { a: 1 } }, lambdaContext())
    await handler({ k: 'nothing', part: undefined }, lambdaContext())
    expect(inner.get('test-fn#text', Date.now())?.fingerprint).toBe(sha256('hello'))
    expect(inner.get('test-fn#json', Date.now())?.fingerprint).toBe(sha256('{"a":1}'))
    expect(inner.get('test-fn#nothing', Date.now())?.fingerprint).toBe(sha256(''))
  })

  it('a store’s own typed error passes through unchanged before the handler', async () => {
    const own = new IdempotencyStoreError('DynamoDB acquire failed: check the table name')
    const store = promised(new MemoryStore(), {
      acquire: async () => {
        throw own
      },
    })
    const handler = middy(async () => 1).use(idempotency({ store }))
    await expect(
      handler(loadCorpusEvent('powertools-ts__eventbridge__base'), lambdaContext()),
    ).rejects.toBe(own)
  })
})

describe('HTTP edges', () => {
  const alb = (
    method: string,
    headers: Record<string, string>,
    body = '{"amount":10}',
  ): ALBEvent => ({
    ...loadCorpusEvent<ALBEvent>('awsdocs-lambda-dg__alb__services-alb-request'),
    httpMethod: method,
    headers,
    body,
  })
  const api = (
    status = 201,
    options: Parameters<typeof idempotency<ALBEvent, ALBResult>>[0] = {},
  ) => {
    let runs = 0
    const handler = middy(
      async (): Promise<ALBResult> => ({ statusCode: status, body: String(++runs) }),
    ).use(idempotency<ALBEvent, ALBResult>({ store: new MemoryStore(), ...options }))
    return { handler, runs: () => runs }
  }

  it('treats 500 as a server error (not stored) and 499 as an answer (stored)', async () => {
    const five = api(500)
    await five.handler(alb('POST', { 'idempotency-key': 'k' }), lambdaContext())
    await five.handler(alb('POST', { 'idempotency-key': 'k' }), lambdaContext())
    expect(five.runs()).toBe(2)
    const four = api(499)
    await four.handler(alb('POST', { 'idempotency-key': 'k' }), lambdaContext())
    await four.handler(alb('POST', { 'idempotency-key': 'k' }), lambdaContext())
    expect(four.runs()).toBe(1)
  })

  it('reads the method case-insensitively and passes OPTIONS through', async () => {
    const { handler, runs } = api()
    const missing = await handler(alb('post', {}), lambdaContext())
    expect(missing.statusCode).toBe(400)
    expect(JSON.parse(missing.body ?? '{}').detail).toBe(
      'POST /lambda requires an Idempotency-Key header.',
    )
    await handler(alb('OPTIONS', { 'idempotency-key': 'k' }), lambdaContext())
    await handler(alb('OPTIONS', { 'idempotency-key': 'k' }), lambdaContext())
    await handler(alb('delete', {}), lambdaContext())
    expect(runs()).toBe(3)
  })

  it('compares only the part a custom fingerprint selects', async () => {
    const { handler, runs } = api(201, {
      fingerprint: (event) => JSON.parse(event.body ?? '{}').amount,
    })
    await handler(
      alb('POST', { 'idempotency-key': 'k' }, '{"amount":10,"note":"a"}'),
      lambdaContext(),
    )
    const same = await handler(
      alb('POST', { 'idempotency-key': 'k' }, '{"amount":10,"note":"b"}'),
      lambdaContext(),
    )
    expect(same.headers?.['idempotent-replayed']).toBe('true')
    const other = await handler(
      alb('POST', { 'idempotency-key': 'k' }, '{"amount":11}'),
      lambdaContext(),
    )
    expect(other.statusCode).toBe(422)
    expect(runs()).toBe(1)
  })

  it('keeps a lone quote as the key, and drops a matching pair', () => {
    const event = alb('POST', {})
    expect(albKey({ ...event, headers: { 'idempotency-key': '"' } })).toEqual({
      kind: 'key',
      key: 'alb:POST /lambda:"',
    })
    expect(albKey({ ...event, headers: { 'idempotency-key': '"k"' } })).toEqual({
      kind: 'key',
      key: 'alb:POST /lambda:k',
    })
    expect(albKey({ ...event, headers: { 'idempotency-key': '"k' } })).toEqual({
      kind: 'key',
      key: 'alb:POST /lambda:"k',
    })
  })
})
