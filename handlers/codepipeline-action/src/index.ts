import { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import { storeFromEnvironment } from '@repo/idempotency'
import { withRequestId } from '@repo/runtime'
import type { CodePipelineEvent, Context } from 'aws-lambda'
import { loadConfig } from './config.ts'
import { createHandler } from './handler.ts'
import { createMisconfiguredHandler } from './misconfigured.ts'

const codePipeline = new CodePipelineClient({})

// Cold start: the environment is read once. If it is invalid, every job is still reported.
const build = (): ((event: CodePipelineEvent, context: Context) => Promise<unknown>) => {
  try {
    return createHandler({ config: loadConfig(), codePipeline, store: storeFromEnvironment() })
  } catch (error) {
    return createMisconfiguredHandler(error as Error, codePipeline)
  }
}

export const handler = withRequestId(build())
