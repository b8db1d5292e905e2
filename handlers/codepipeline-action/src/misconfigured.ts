import type { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import { codePipelineJobId, createLogger } from '@repo/runtime'
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
    // Read defensively: whatever else is wrong with the event, a job with an id is reported.
    const jobId = codePipelineJobId(event)
    if (jobId !== undefined) {
      await reportVerdict(
        codePipeline,
        jobId,
        { kind: 'failed', failureType: 'ConfigurationError', message: error.message },
        context.awsRequestId,
      )
    }
    throw error
  }
