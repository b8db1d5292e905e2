import { DynamoDBStore, type IdempotencyStore, MemoryStore } from '@repo/idempotency'
import { afterAll, beforeAll } from 'vitest'
import { type Dynamo, startDynamo } from './dynamo.ts'

export interface StoreKind {
  name: string
  create(): Promise<IdempotencyStore>
}

/** Both stores, for describe.each: a fresh MemoryStore, or a DynamoDBStore on a fresh dynalite table. */
export const storeKinds = (): StoreKind[] => {
  let dynamo: Dynamo | undefined
  let tables = 0
  beforeAll(async () => {
    dynamo = await startDynamo()
  })
  afterAll(async () => {
    await dynamo?.close()
  })
  return [
    { name: 'MemoryStore', create: async () => new MemoryStore() },
    { name: 'MemoryStore behind promises', create: async () => promised() },
    {
      name: 'DynamoDBStore',
      create: async () => {
        if (dynamo === undefined) throw new Error('dynalite did not start')
        const tableName = `idem-${++tables}`
        await dynamo.createTable(tableName)
        return new DynamoDBStore({ client: dynamo.client, tableName })
      },
    },
  ]
}

/**
 * A MemoryStore answering through promises, as a remote store does, so both of the middleware's
 * paths (settle now, settle later) run; `override` replaces methods (a failing release, say).
 */
export const promised = (
  inner: MemoryStore = new MemoryStore(),
  override: Partial<IdempotencyStore> = {},
): IdempotencyStore => ({
  acquire: async (request) => inner.acquire(request),
  complete: async (request) => inner.complete(request),
  release: async (key, owner) => inner.release(key, owner),
  get: async (key, now) => inner.get(key, now),
  ...override,
})
