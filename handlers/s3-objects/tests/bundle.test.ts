import { applyEnv, importIsolatedBundle, invoke, readQueue } from '@repo/shared/harness'
import type { Handler } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { eventFor, putObject, useLocalHandler } from './support/local-handler.ts'

const { aws } = useLocalHandler()

describe('the built bundle (dist/index.mjs, as Lambda loads it)', () => {
  it('configures itself from the environment and handles one event against local AWS', async () => {
    const restore = applyEnv({
      RESULTS_QUEUE_URL: aws().queueUrl('results'),
      IDEMPOTENCY_TABLE_NAME: 'idempotency',
    })
    const bundle = await importIsolatedBundle<{ handler: Handler }>('dist/index.mjs')
    try {
      const key = 'incoming/bundled file+1.csv'
      const eTag = await putObject(aws, key, 'a,b\n1,2\n3,4\n')
      const run = await invoke(bundle.module.handler, eventFor({ key, eTag }))
      expect(run.status).toBe('success')
      const messages = await readQueue(aws(), 'results')
      expect(messages.map((message) => JSON.parse(message.body))).toMatchObject([
        { key, rows: 2, columns: ['a', 'b'] },
      ])
    } finally {
      restore()
      await bundle.remove()
    }
  })
})
