import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb'
import {
  DynamoDBStore,
  IdempotencyResultTooLargeError,
  IdempotencyStoreError,
  MAX_RESULT_BYTES,
} from '@repo/idempotency'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Dynamo, dynamoClient, startDynamo } from './support/dynamo.ts'

let dynamo: Dynamo
let other: DynamoDBClient
beforeAll(async () => {
  dynamo = await startDynamo()
  // A second writer, as another container would be.
  other = dynamoClient(dynamo.endpoint)
})
afterAll(async () => {
  other.destroy()
  await dynamo.close()
})

let tables = 0
const freshTable = async (keyAttribute?: string): Promise<string> => {
  const name = `t-${++tables}`
  await dynamo.createTable(name, keyAttribute)
  return name
}

/** Runs `act` before each request of `operation` the store's client sends (a client middleware). */
const beforeEach = (client: DynamoDBClient, operation: string, act: () => Promise<unknown>) => {
  const name = `before-${operation}-${tables}`
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === `${operation}Command`) await act()
      return next(args)
    },
    { step: 'initialize', name },
  )
  return () => client.middlewareStack.remove(name)
}

describe('DynamoDBStore', () => {
  it('uses the key and TTL attribute names it is given', async () => {
    const tableName = await freshTable('pk')
    const store = new DynamoDBStore({
      client: dynamo.client,
      tableName,
      keyAttribute: 'pk',
      ttlAttribute: 'expires',
    })
    await store.acquire({ key: 'k', owner: 'o', expiresAt: 10_500, now: 1 })
    await store.complete({ key: 'k', owner: 'o', result: 1, expiresAt: 20_500 })
    const { Item } = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'k' } } }),
    )
    expect(Item).toMatchObject({ pk: { S: 'k' }, expires: { N: '21' }, status: { S: 'COMPLETED' } })
    expect(Item).not.toHaveProperty('ttl')
    expect(await store.release('k', 'o')).toBe(false)
    expect(await store.get('k', 2)).toMatchObject({ status: 'COMPLETED', result: 1 })
  })

  it('stores no result attribute for undefined, and replays undefined', async () => {
    const tableName = await freshTable()
    const store = new DynamoDBStore({ client: dynamo.client, tableName })
    await store.acquire({ key: 'k', owner: 'o', expiresAt: 10_000, now: 1 })
    await store.complete({ key: 'k', owner: 'o', result: undefined, expiresAt: 20_000 })
    const { Item } = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: { id: { S: 'k' } } }),
    )
    expect(Item).not.toHaveProperty('result')
    expect(await store.get('k', 2)).toEqual({
      status: 'COMPLETED',
      expiresAt: 20_000,
      fingerprint: undefined,
      result: undefined,
    })
  })

  it('takes a key freed between its failed put and its read (another owner released it)', async () => {
    const tableName = await freshTable()
    const store = new DynamoDBStore({ client: dynamo.client, tableName })
    await store.acquire({ key: 'k', owner: 'theirs', expiresAt: 1e15, now: 1 })
    const stop = beforeEach(dynamo.client, 'GetItem', () =>
      other.send(new DeleteItemCommand({ TableName: tableName, Key: { id: { S: 'k' } } })),
    )
    try {
      expect(await store.acquire({ key: 'k', owner: 'mine', expiresAt: 1e15, now: 2 })).toEqual({
        acquired: true,
      })
    } finally {
      stop()
    }
    expect(store.fallbackReads).toBe(1)
  })

  it('gives up after three rounds when the record keeps changing under it', async () => {
    const tableName = await freshTable()
    const store = new DynamoDBStore({ client: dynamo.client, tableName })
    const item = {
      id: { S: 'k' },
      status: { S: 'IN_PROGRESS' },
      owner: { S: 'x' },
      expiresAt: { N: '1e15' },
    }
    const stopPut = beforeEach(dynamo.client, 'PutItem', () =>
      other.send(new PutItemCommand({ TableName: tableName, Item: item })),
    )
    const stopGet = beforeEach(dynamo.client, 'GetItem', () =>
      other.send(new DeleteItemCommand({ TableName: tableName, Key: { id: { S: 'k' } } })),
    )
    try {
      await expect(
        store.acquire({ key: 'k', owner: 'mine', expiresAt: 1e15, now: 2 }),
      ).rejects.toThrow(
        new IdempotencyStoreError(
          `Could not acquire idempotency key "k" in table ${tableName}: the record kept changing under us.`,
        ),
      )
    } finally {
      stopPut()
      stopGet()
    }
    expect(store.fallbackReads).toBe(3)
  })

  it('reports an item DynamoDB finds too large as IdempotencyResultTooLargeError', async () => {
    const tableName = await freshTable()
    const store = new DynamoDBStore({ client: dynamo.client, tableName })
    // The result alone is within MAX_RESULT_BYTES; with a 2 KB key the item is over 400 KB.
    const key = 'k'.repeat(2_000)
    await store.acquire({ key, owner: 'o', expiresAt: 1e15, fingerprint: 'f'.repeat(100), now: 1 })
    const result = 'r'.repeat(MAX_RESULT_BYTES - 2)
    const failure = store.complete({ key, owner: 'o', result, expiresAt: 1e15 })
    await expect(failure).rejects.toBeInstanceOf(IdempotencyResultTooLargeError)
    await expect(failure).rejects.toMatchObject({ bytes: MAX_RESULT_BYTES })
  })

  it('names the operation, key, table and cause when the table is missing', async () => {
    const store = new DynamoDBStore({ client: dynamo.client, tableName: 'missing' })
    for (const [operation, call] of [
      ['acquire', () => store.acquire({ key: 'k', owner: 'o', expiresAt: 10, now: 1 })],
      ['complete', () => store.complete({ key: 'k', owner: 'o', result: 1, expiresAt: 10 })],
      ['release', () => store.release('k', 'o')],
      ['read', () => store.get('k', 1)],
    ] as const) {
      const error = await call().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(IdempotencyStoreError)
      expect((error as Error).message.startsWith(`DynamoDB ${operation} failed`)).toBe(true)
      expect((error as Error).message).toMatch(
        /^DynamoDB (acquire|complete|release|read) failed for idempotency key "k" in table missing \(ResourceNotFoundException: .+\)\. Check the table name, its key attribute, IAM \(PutItem, UpdateItem, DeleteItem, GetItem\) and the endpoint\.$/,
      )
      expect((error as Error).cause).toMatchObject({ name: 'ResourceNotFoundException' })
    }
  })
})
