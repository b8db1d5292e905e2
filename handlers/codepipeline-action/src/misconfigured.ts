import type { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import { createLogger } from '@repo/runtime'
import type { CodePipelineEvent, Context } from 'aws-lambda'
import { reportVerdict } from './report.ts'

/**
 * What runs when the environment is invalid. Failing at init would leave every job unreported
 * and the pipeline waiting 20 minutes, so each job is failed as a ConfigurationError naming the
 * variables; the invocation still throws so the error shows in Lambda's metrics.
 */
export const createMisconfiguredHandler =
  (error: Error, codePipeline: CodePipelineClient) =>
  async (event: CodePipelineEvent, context: Context): Promise<never> => {
    createLogger().error('cannot start: the job is failed as a ConfigurationError', { error })
    await reportVerdict(
      codePipeline,
      event['CodePipeline.job'].id,
      { kind: 'failed', failureType: 'ConfigurationError', message: error.message },
      context.awsRequestId,
    )
    throw error
  }
