import { applyEnv, invoke, useLocalAws } from '@repo/shared/harness'
import type { CodePipelineEvent, Context } from 'aws-lambda'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { ARTIFACT_BUCKET, jobFor, releaseZip } from './support/release-fixtures.ts'

const aws = useLocalAws({ beforeAll, afterAll }, { buckets: [ARTIFACT_BUCKET] })

it('with an invalid environment, each job is still reported as a ConfigurationError', async () => {
  const restore = applyEnv({ MAX_ARTIFACT_BYTES: 'lots', REPORT_MARGIN_MS: '-1' })
  try {
    vi.resetModules()
    const { handler } = (await import('../src/index.ts')) as {
      handler: (event: CodePipelineEvent, context: Context) => Promise<unknown>
    }
    const event = await jobFor(aws().clients.s3, releaseZip({ name: 'a', version: '1.0.0' }))
    const run = await invoke(handler, event)

    expect(run.status === 'error' && run.error.errorType).toBe('ConfigError')
    expect(aws().codePipeline.results).toEqual([
      expect.objectContaining({
        operation: 'PutJobFailureResult',
        input: expect.objectContaining({
          failureDetails: expect.objectContaining({
            type: 'ConfigurationError',
            message: expect.stringMatching(
              /MAX_ARTIFACT_BYTES \("lots"\)[\s\S]*REPORT_MARGIN_MS \("-1"\)/,
            ),
          }),
        }),
      }),
    ])
  } finally {
    restore()
  }
})

it('with an invalid environment and an event without a job id, fails with the ConfigError, not a TypeError', async () => {
  const restore = applyEnv({ MAX_ARTIFACT_BYTES: 'lots' })
  try {
    vi.resetModules()
    aws().codePipeline.reset()
    const { handler } = (await import('../src/index.ts')) as {
      handler: (event: unknown, context: Context) => Promise<unknown>
    }
    for (const event of [{}, null, { 'CodePipeline.job': { data: {} } }]) {
      const run = await invoke(handler, event)
      expect(run.status === 'error' && run.error.errorType).toBe('ConfigError')
    }
    expect(aws().codePipeline.results).toEqual([])
  } finally {
    restore()
  }
})
