import {
  type CodePipelineClient,
  InvalidJobStateException,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline'
import { JobReportError } from './errors.ts'
import type { JobVerdict } from './evaluate-job.ts'

export type Delivery = 'reported' | 'already-reported'

// CodePipeline's limits on the message and summary strings.
const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`

/**
 * Tells CodePipeline the verdict. A job takes one result: if an earlier invocation already
 * reported it (its idempotency record was lost, say), CodePipeline answers
 * InvalidJobStateException, which means our work is done, not failed.
 */
export const reportVerdict = async (
  codePipeline: CodePipelineClient,
  jobId: string,
  verdict: JobVerdict,
  externalExecutionId: string,
): Promise<Delivery> => {
  const send = () =>
    verdict.kind === 'failed'
      ? codePipeline.send(
          new PutJobFailureResultCommand({
            jobId,
            failureDetails: {
              type: verdict.failureType,
              message: truncate(verdict.message, 5000),
              externalExecutionId,
            },
          }),
        )
      : codePipeline.send(
          new PutJobSuccessResultCommand({
            jobId,
            executionDetails: {
              summary: truncate(verdict.summary, 2048),
              percentComplete: verdict.percentComplete,
              externalExecutionId,
            },
            ...(verdict.kind === 'succeeded'
              ? { outputVariables: verdict.outputVariables }
              : { continuationToken: verdict.continuationToken }),
          }),
        )
  try {
    await send()
    return 'reported'
  } catch (error) {
    if (error instanceof InvalidJobStateException) return 'already-reported'
    throw new JobReportError(
      `CodePipeline did not accept the result for job ${jobId} (${(error as Error).name}: ${(error as Error).message}); Lambda will retry.`,
      { cause: error },
    )
  }
}
