import { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import { MemoryStore } from '@repo/idempotency'
import type { LocalAws } from '@repo/shared/harness'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import type { ArtifactS3Factory } from '../../src/artifact.ts'
import type { Config } from '../../src/config.ts'
import { createHandler } from '../../src/handler.ts'
import { testConfig } from './release-fixtures.ts'

/**
 * One CodePipeline client for the file, the harness's job results cleared before each test, a
 * handler per test (fresh idempotency store), and readers for the one result a job gets.
 */
export const useJobHarness = (aws: () => LocalAws) => {
  let codePipeline: CodePipelineClient
  beforeAll(() => {
    codePipeline = new CodePipelineClient({})
  })
  afterAll(() => codePipeline.destroy())
  beforeEach(() => aws().codePipeline.reset())

  const handlerWith = (config: Partial<Config> = {}, artifactS3?: ArtifactS3Factory) =>
    createHandler({
      config: testConfig(config),
      codePipeline,
      store: new MemoryStore(),
      artifactS3,
    })

  const onlyResult = () => {
    const results = aws().codePipeline.results
    expect(results).toHaveLength(1)
    const [result] = results
    if (!result) throw new Error('no job result')
    return result
  }

  const failureOf = () => {
    const result = onlyResult()
    expect(result.operation).toBe('PutJobFailureResult')
    return result.input.failureDetails as { type: string; message: string }
  }

  return { handlerWith, onlyResult, failureOf }
}
