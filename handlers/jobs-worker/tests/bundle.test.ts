import { sqsEvent } from '@repo/shared'
import {
  applyEnv,
  importIsolatedBundle,
  invoke,
  readObject,
  useLocalAws,
} from '@repo/shared/harness'
import type { Handler } from 'aws-lambda'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { jobMessage } from './support/worker.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  {
    buckets: ['results'],
    tables: [
      { name: 'jobs-table', partitionKey: 'id' },
      { name: 'idempotency', partitionKey: 'id' },
    ],
  },
)

it('the built bundle runs on its own (no node_modules) against local AWS', async () => {
  const restore = applyEnv({
    JOBS_TABLE_NAME: 'jobs-table',
    RESULTS_BUCKET: 'results',
    IDEMPOTENCY_TABLE_NAME: 'idempotency',
  })
  const bundle = await importIsolatedBundle<{ handler: Handler }>(
    new URL('../dist/index.mjs', import.meta.url).pathname,
  )
  try {
    const job = jobMessage('report', { values: [2, 4] })
    const run = await invoke(bundle.module.handler, sqsEvent([{ body: job, queue: 'jobs' }]))
    expect(run.status === 'success' && run.result).toEqual({ batchItemFailures: [] })
    const stored = await readObject(aws(), 'results', `results/${job.jobId}.json`)
    expect(JSON.parse(stored.body).result).toMatchObject({ count: 2, mean: 3 })
  } finally {
    restore()
    await bundle.remove()
  }
})
