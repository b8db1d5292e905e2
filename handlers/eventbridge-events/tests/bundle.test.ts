import { pipelineExecutionStateChange } from '@repo/shared'
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
  {
    buckets: ['uploads'],
    queues: ['notifications'],
    tables: [{ name: 'idempotency', partitionKey: 'id' }],
  },
)

it('the built bundle runs on its own (no node_modules) against local AWS', async () => {
  const restore = applyEnv({
    UPLOADS_BUCKET: 'uploads',
    NOTIFICATIONS_QUEUE_URL: aws().queueUrl('notifications'),
    IDEMPOTENCY_TABLE_NAME: 'idempotency',
  })
  const bundle = await importIsolatedBundle<{ handler: Handler }>(
    new URL('../dist/index.mjs', import.meta.url).pathname,
  )
  try {
    const event = pipelineExecutionStateChange({ executionId: 'bundle-1', state: 'SUCCEEDED' })
    const run = await invoke(bundle.module.handler, event)
    expect(run.status).toBe('success')
    const [message] = await readQueue(aws(), 'notifications')
    expect(JSON.parse(message?.body ?? '{}')).toMatchObject({
      executionId: 'bundle-1',
      state: 'SUCCEEDED',
    })
  } finally {
    restore()
    await bundle.remove()
  }
})
