import { randomUUID } from 'node:crypto'
import { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import { MemoryStore } from '@repo/idempotency'
import {
  assertMutationsHandled,
  type EventSeed,
  eventSeeds,
  invoke,
  useLocalAws,
} from '@repo/shared/harness'
import type { CodePipelineEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandler } from '../src/handler.ts'
import {
  ARTIFACT_BUCKET,
  checkedRelease,
  jobFor,
  releaseZip,
  testConfig,
} from './support/release-fixtures.ts'

const aws = useLocalAws({ beforeAll, afterAll }, { buckets: [ARTIFACT_BUCKET] })

/**
 * Errors an invocation may end with: a malformed event (after its job, if it has an id, was
 * reported failed), or a report CodePipeline did not accept (Lambda retries it). Everything
 * else, a bad artifact included, is a verdict reported to CodePipeline, not an error.
 */
const TYPED_ERRORS = [
  'EventShapeError',
  'JobReportError',
  // The cause a JobReportError carries when CodePipeline refuses the job id (not a UUID, as in
  // the docs' redacted "c0d76431-b0e7-xmpl-…" sample): the report cannot succeed, Lambda's
  // retries end in the destination. See tests/corpus.test.ts.
  'ValidationException',
]

describe('mutation fuzz', () => {
  it('reports or refuses every mutated CodePipeline job, never an untyped error', async () => {
    const codePipeline = new CodePipelineClient({})
    // A fresh store per invocation: a replay would report nothing, and `check` wants each
    // invocation's own report.
    const freshHandler = () =>
      createHandler({ config: testConfig(), codePipeline, store: new MemoryStore() })
    // Jobs whose artifact exists, so mutations reach the download and the zip, not only a 404.
    const { files, checksums } = checkedRelease(3)
    const zip = releaseZip({ name: 'orders-api', version: '1.4.0', checksums }, files)
    const realJobs: EventSeed[] = [
      { name: 'job with a real artifact', event: await jobFor(aws().clients.s3, zip) },
      {
        name: 'job with UserParameters',
        event: await jobFor(aws().clients.s3, zip, {
          userParameters: JSON.stringify({ requiredFiles: ['dist/chunk-0.js'] }),
        }),
      },
    ]
    try {
      await assertMutationsHandled({
        seeds: [...eventSeeds({ fixtures: 'codepipeline', corpus: ['codepipeline'] }), ...realJobs],
        invoke: (event) => {
          aws().codePipeline.reset() // so `check` sees this invocation's report only
          return invoke(freshHandler(), event as CodePipelineEvent, {
            awsRequestId: randomUUID(),
            timeoutSeconds: 10,
          })
        },
        typedErrors: TYPED_ERRORS,
        // A job with an id is always reported: every invocation leaves a result, or has no id.
        check: (_, mutated) => {
          const id = (mutated.event as { 'CodePipeline.job'?: { id?: unknown } } | null)?.[
            'CodePipeline.job'
          ]?.id
          const reported = aws().codePipeline.results.some((result) => result.jobId === id)
          if (typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) {
            expect(reported, `job ${id} was not reported`).toBe(true)
          }
        },
        numRuns: 100,
      })
    } finally {
      codePipeline.destroy()
    }
  })
})
