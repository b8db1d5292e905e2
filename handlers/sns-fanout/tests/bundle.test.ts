import { snsEvent, snsRecord } from '@repo/shared'
import {
  applyEnv,
  importIsolatedBundle,
  invoke,
  readQueue,
  useLocalAws,
} from '@repo/shared/harness'
import type { Handler } from 'aws-lambda'
import { afterAll, beforeAll, expect, it } from 'vitest'

const aws = useLocalAws(
  { beforeAll, afterAll },
  { queues: ['orders', 'catch-all'], tables: [{ name: 'idempotency', partitionKey: 'id' }] },
)

it('the built bundle runs on its own (no node_modules) against local AWS', async () => {
  const restore = applyEnv({
    ROUTE_ORDER_QUEUE_URL: aws().queueUrl('orders'),
    CATCH_ALL_QUEUE_URL: aws().queueUrl('catch-all'),
    IDEMPOTENCY_TABLE_NAME: 'idempotency',
  })
  const bundle = await importIsolatedBundle<{ handler: Handler }>(
    new URL('../dist/index.mjs', import.meta.url).pathname,
  )
  try {
    const event = snsEvent([snsRecord({ message: '{"type":"order","id":1}' })])
    const run = await invoke(bundle.module.handler, event)
    expect(run.status === 'success' && run.result).toEqual({ forwarded: 1, replayed: 0 })
    expect((await readQueue(aws(), 'orders')).map((message) => message.body)).toEqual([
      '{"type":"order","id":1}',
    ])
  } finally {
    restore()
    await bundle.remove()
  }
})
