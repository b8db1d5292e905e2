import { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import { MemoryStore } from '@repo/idempotency'
import { codePipelineJob } from '@repo/shared'
import { type InvocationResult, invoke, useLocalAws } from '@repo/shared/harness'
import type { CodePipelineEvent } from 'aws-lambda'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ArtifactS3Factory } from '../src/artifact.ts'
import { createHandler } from '../src/handler.ts'
import {
  ARTIFACT_BUCKET,
  checkedRelease,
  credentialsOf,
  jobFor,
  releaseZip,
  testConfig,
} from './support/release-fixtures.ts'

const aws = useLocalAws({ beforeAll, afterAll }, { buckets: [ARTIFACT_BUCKET] })

it('no path logs or reports the artifact credentials', async () => {
  const codePipeline = new CodePipelineClient({})
  const runs: { event: CodePipelineEvent; run: InvocationResult<unknown> }[] = []
  const run = async (
    event: CodePipelineEvent,
    options: { artifactS3?: ArtifactS3Factory; codePipeline?: CodePipelineClient } = {},
  ) => {
    const handler = createHandler({
      config: testConfig({ maxChecksPerInvocation: 1 }),
      codePipeline: options.codePipeline ?? codePipeline,
      store: new MemoryStore(),
      artifactS3: options.artifactS3,
    })
    runs.push({ event, run: await invoke(handler, event) })
  }
  const s3 = aws().clients.s3
  const manifest = { name: 'orders-api', version: '1.0.0' }
  const { files, checksums } = checkedRelease(2)

  await run(await jobFor(s3, releaseZip(manifest))) // success
  await run(await jobFor(s3, releaseZip({ ...manifest, version: 'one' }))) // validation failure
  await run(await jobFor(s3, releaseZip({ ...manifest, checksums }, files))) // continuation
  await run(await jobFor(s3, releaseZip(manifest), { userParameters: '{bad' })) // configuration
  // An SDK error that quotes every credential, as a misbehaving library might.
  const leaky = await jobFor(s3, releaseZip(manifest))
  await run(leaky, {
    artifactS3: () => {
      throw new Error(`could not sign with ${credentialsOf(leaky).join(' / ')}`)
    },
  })
  // The report itself fails (and quotes the credentials): logged, then thrown.
  const unreported = await jobFor(s3, releaseZip(manifest))
  const failing = new CodePipelineClient({})
  failing.middlewareStack.add(
    () => async () => {
      throw new Error(`rejected ${credentialsOf(unreported).join(',')}`)
    },
    { step: 'initialize' },
  )
  await run(unreported, { codePipeline: failing })
  // A retry of an already reported job.
  await run(runs[0]?.event ?? codePipelineJob())

  expect(runs.map(({ run }) => run.status)).toEqual([
    'success',
    'success',
    'success',
    'success',
    'success',
    'error',
    'success',
  ])
  const everything = JSON.stringify({
    logs: runs.flatMap(({ run }) => run.logs),
    results: aws().codePipeline.requests,
  })
  expect(everything).toContain('could not sign with [redacted]')
  for (const { event } of runs) {
    for (const secret of credentialsOf(event)) expect(everything).not.toContain(secret)
  }
  codePipeline.destroy()
  failing.destroy()
})
