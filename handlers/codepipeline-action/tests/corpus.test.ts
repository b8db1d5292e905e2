import { listCorpus, loadCorpusEvent } from '@repo/shared'
import { invoke, useLocalAws } from '@repo/shared/harness'
import type { CodePipelineEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useJobHarness } from './support/job-harness.ts'
import { ARTIFACT_BUCKET, jobFor, releaseZip } from './support/release-fixtures.ts'

const aws = useLocalAws({ beforeAll, afterAll }, { buckets: [ARTIFACT_BUCKET] })
const { handlerWith: handler } = useJobHarness(aws)
const corpus = listCorpus('codepipeline')
const isUuid = (id: string) => /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/.test(id)

describe('real CodePipeline job events from the corpus', () => {
  it('has samples', () => expect(corpus.length).toBeGreaterThanOrEqual(4))

  for (const entry of corpus) {
    it(`${entry.file}: the job is reported (or, with an id AWS would refuse, the invocation fails)`, async () => {
      const event = loadCorpusEvent<CodePipelineEvent>(entry.file)
      const run = await invoke(handler(), event)
      const jobId = event['CodePipeline.job'].id
      if (isUuid(jobId)) {
        expect(run.status).toBe('success')
        // Their artifacts do not exist, or their UserParameters are not ours: a named failure.
        expect(aws().codePipeline.results).toEqual([
          expect.objectContaining({ operation: 'PutJobFailureResult', jobId }),
        ])
      } else {
        // "c0d76431-b0e7-xmpl-..." is redacted by the docs: CodePipeline rejects it, so we throw.
        expect(run.status).toBe('error')
        expect(run.status === 'error' && run.error.errorType).toBe('JobReportError')
      }
    })
  }

  it('the sample with no UserParameters passes when its artifact is a valid release', async () => {
    const sample = loadCorpusEvent<CodePipelineEvent>(
      'powertools-py__codepipeline__codePipelineEventEmptyUserParameters',
    )
    const uploaded = await jobFor(
      aws().clients.s3,
      releaseZip({ name: 'sample', version: '0.1.0' }),
    )
    sample['CodePipeline.job'].data.inputArtifacts =
      uploaded['CodePipeline.job'].data.inputArtifacts
    const run = await invoke(handler(), sample)
    expect(run.status).toBe('success')
    expect(aws().codePipeline.results[0]?.input.outputVariables).toMatchObject({
      releaseName: 'sample',
      version: '0.1.0',
    })
  })
})
