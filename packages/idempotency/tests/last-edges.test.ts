import middy from '@middy/core'
import {
  DynamoDBStore,
  IdempotencyResultError,
  idempotency,
  MAX_RESULT_BYTES,
  MemoryStore,
} from '@repo/idempotency'
import { albKey } from '@repo/idempotency/keys'
import { loadCorpusEvent } from '@repo/shared'
import type { ALBEvent, ALBResult } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lambdaContext } from './support/context.ts'
import { type Dynamo, startDynamo } from './support/dynamo.ts'
import { promised } from './support/stores.ts'

const alb = loadCorpusEvent<ALBEvent>('awsdocs-lambda-dg__alb__services-alb-request')

describe('last edges', () => {
  it('keeps a trailing-only quote in the key', () => {
    expect(albKey({ ...alb, httpMethod: 'POST', headers: { 'idempotency-key': 'k"' } })).toEqual({
      kind: 'key',
      key: 'alb:POST /lambda:k"',
    })
  })

  it('fingerprints a request without a body like an empty one', async () => {
    const store = new MemoryStore()
    let runs = 0
    const handler = middy(
      async (_: ALBEvent): Promise<ALBResult> => ({ statusCode: 201, body: String(++runs) }),
    ).use(idempotency<ALBEvent, ALBResult>({ store }))
    const post = { ...alb, httpMethod: 'POST', headers: { 'idempotency-key': 'k' } }
    await handler({ ...post, body: null as unknown as string }, lambdaContext())
    const again = await handler({ ...post, body: '' }, lambdaContext())
    expect(again.headers?.['idempotent-replayed']).toBe('true')
    const other = await handler({ ...post, body: 'x' }, lambdaContext())
    expect(other.statusCode).toBe(422)
  })

  it('keeps why a result cannot be stored as the error cause', () => {
    const store = new MemoryStore()
    store.acquire({ key: 'k', owner: 'o', expiresAt: 1e15, now: 1 })
    let caught: unknown
    try {
      store.complete({ key: 'k', owner: 'o', result: { n: 1n }, expiresAt: 1e15 })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(IdempotencyResultError)
    expect((caught as Error).cause).toBeInstanceOf(TypeError)
  })

  it('refuses a namespace that is not a string, even one with a length', () => {
    expect(() => idempotency({ namespace: ['orders'] as unknown as string })).toThrow(
      /`namespace` must be 1 to 512 characters/,
    )
  })

  it('gives every acquisition in a process its own owner token', async () => {
    const owners: string[] = []
    const inner = new MemoryStore()
    const store = promised(inner, {
      acquire: (request) => {
        owners.push(request.owner)
        return inner.acquire(request)
      },
    })
    const handler = middy(async () => 1).use(idempotency({ store, trigger: 'invocation' }))
    for (const id of ['a', 'b', 'c']) await handler({}, lambdaContext({ awsRequestId: id }))
    expect(new Set(owners).size).toBe(3)
    expect(owners.every((owner) => /^[0-9a-f-]{36}:\d+$/.test(owner))).toBe(true)
  })
})

describe('DynamoDBStore result size', () => {
  let dynamo: Dynamo
  beforeAll(async () => {
    dynamo = await startDynamo()
    await dynamo.createTable('sizes')
  })
  afterAll(async () => dynamo.close())

  it('stores a result of exactly MAX_RESULT_BYTES under a short key', async () => {
    const store = new DynamoDBStore({ client: dynamo.client, tableName: 'sizes' })
    await store.acquire({ key: 'k', owner: 'o', expiresAt: 1e15, now: 1 })
    const result = 'r'.repeat(MAX_RESULT_BYTES - 2)
    await expect(store.complete({ key: 'k', owner: 'o', result, expiresAt: 1e15 })).resolves.toBe(
      true,
    )
    expect(MAX_RESULT_BYTES).toBe(400 * 1024 - 2048)
  })
})
