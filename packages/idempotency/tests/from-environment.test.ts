import {
  DynamoDBStore,
  IdempotencyConfigError,
  MemoryStore,
  storeFromEnvironment,
} from '@repo/idempotency'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Dynamo, startDynamo } from './support/dynamo.ts'

let dynamo: Dynamo
beforeAll(async () => {
  dynamo = await startDynamo()
  await dynamo.createTable('idempotency')
})
afterAll(() => dynamo.close())

describe('storeFromEnvironment', () => {
  it('builds a DynamoDBStore on the named table, reaching it through the SDK environment', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    })
    try {
      const store = storeFromEnvironment({ IDEMPOTENCY_TABLE_NAME: 'idempotency' })
      expect(store).toBeInstanceOf(DynamoDBStore)
      const now = Date.now()
      const first = await store.acquire({ key: 'k', owner: 'a', expiresAt: now + 1000, now })
      const second = await store.acquire({ key: 'k', owner: 'b', expiresAt: now + 1000, now })
      expect(first.acquired).toBe(true)
      expect(second.acquired).toBe(false)
    } finally {
      process.env = saved
    }
  })

  it('refuses to run without a table unless a per-container store is accepted', () => {
    expect(() => storeFromEnvironment({})).toThrow(IdempotencyConfigError)
    expect(() => storeFromEnvironment({})).toThrow(/IDEMPOTENCY_TABLE_NAME/)
    expect(() => storeFromEnvironment({ IDEMPOTENCY_TABLE_NAME: '   ' })).toThrow(
      expect.objectContaining({ options: ['IDEMPOTENCY_TABLE_NAME'] }),
    )
    expect(storeFromEnvironment({}, { requireTable: false })).toBeInstanceOf(MemoryStore)
  })

  it('trims the table name and uses the client it is given', async () => {
    const store = storeFromEnvironment(
      { IDEMPOTENCY_TABLE_NAME: ' idempotency ' },
      { client: dynamo.client },
    )
    dynamo.requests.clear()
    const now = Date.now()
    await expect(
      store.acquire({ key: 'trimmed', owner: 'a', expiresAt: now + 1000, now }),
    ).resolves.toEqual({ acquired: true })
    expect(Object.fromEntries(dynamo.requests)).toEqual({ PutItem: 1 })
  })
})
