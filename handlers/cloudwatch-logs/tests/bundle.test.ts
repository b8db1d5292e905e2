import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { cloudWatchLogsEvent } from '@repo/shared'
import {
  applyEnv,
  countMessages,
  importIsolatedBundle,
  invoke,
  useLocalAws,
} from '@repo/shared/harness'
import type { CloudWatchLogsEvent, Handler } from 'aws-lambda'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ARCHIVE_BUCKET, listArchive } from './support/local.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  {
    buckets: [ARCHIVE_BUCKET],
    queues: ['alerts'],
    tables: [{ name: 'idempotency', partitionKey: 'id' }],
  },
)
const root = fileURLToPath(new URL('..', import.meta.url))

beforeAll(() => {
  // turbo builds before testing; building here too keeps `vitest run` alone honest.
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' })
})

it('the built bundle runs from a folder with no node_modules and archives a batch', async () => {
  const restore = applyEnv({
    ARCHIVE_BUCKET,
    ALERTS_QUEUE_URL: aws().queueUrl('alerts'),
    IDEMPOTENCY_TABLE_NAME: 'idempotency',
  })
  const bundle = await importIsolatedBundle<{ handler: Handler<CloudWatchLogsEvent, unknown> }>(
    `${root}dist/index.mjs`,
  )
  try {
    const event = cloudWatchLogsEvent({
      logEvents: [
        'START RequestId: 00000000-0000-4000-a000-000000000000 Version: $LATEST',
        '{"level":"ERROR","message":"boom"}',
      ],
    })
    const run = await invoke(bundle.module.handler, event)
    expect(run.status).toBe('success')
    expect(await listArchive(aws().clients.s3)).toHaveLength(1)
    expect(await countMessages(aws(), 'alerts')).toBe(1)
  } finally {
    restore()
    await bundle.remove()
  }
})
