import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { applyEnv, importIsolatedBundle, invoke, useLocalAws } from '@repo/shared/harness'
import type { CodePipelineEvent, Handler } from 'aws-lambda'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { declaration } from '../src/trigger.ts'
import { ARTIFACT_BUCKET, jobFor, releaseZip, sha256 } from './support/release-fixtures.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  { buckets: [ARTIFACT_BUCKET], tables: [{ name: 'idempotency', partitionKey: 'id' }] },
)
const root = fileURLToPath(new URL('..', import.meta.url))

beforeAll(() => {
  // turbo builds before testing; building here too keeps `vitest run` alone honest.
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' })
})

it('the built bundle runs from a folder with no node_modules and reports a job', async () => {
  const restore = applyEnv({ IDEMPOTENCY_TABLE_NAME: 'idempotency' })
  const bundle = await importIsolatedBundle<{ handler: Handler<CodePipelineEvent, unknown> }>(
    `${root}dist/index.mjs`,
  )
  try {
    const zip = releaseZip({ name: 'bundled', version: '3.1.4' })
    const event = await jobFor(aws().clients.s3, zip)
    // The declared timeout: under REPORT_MARGIN_MS (10 s) the job would be failed at once.
    const run = await invoke(bundle.module.handler, event, {
      timeoutSeconds: declaration.function.timeout,
    })

    expect(run.status).toBe('success')
    expect(aws().codePipeline.results).toEqual([
      expect.objectContaining({
        operation: 'PutJobSuccessResult',
        jobId: event['CodePipeline.job'].id,
        input: expect.objectContaining({
          outputVariables: {
            releaseName: 'bundled',
            version: '3.1.4',
            artifactSha256: sha256(zip),
          },
        }),
      }),
    ])
  } finally {
    restore()
    await bundle.remove()
  }
})
