import type { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import type { MiddlewareObj } from '@middy/core'
import { assertCodePipelineEvent, codePipelineJobId, EventShapeError } from '@repo/runtime'
import type { CodePipelineEvent, Context } from 'aws-lambda'
import { createJobLogger } from './log.ts'
import { reportVerdict } from './report.ts'

/**
 * Middy middleware, first in the chain: checks the job event's shape before anything (the
 * idempotency key included) reads it. A malformed job that has an id is still reported, as a
 * JobFailed naming the field, because an unreported job holds the pipeline until the action
 * times out; then the EventShapeError is thrown so the invocation shows as failed (Lambda's
 * retries find the job already reported; the destination gets the event). Without an id there is
 * nothing to report to, and the EventShapeError alone says what was wrong.
 */
export const refuseMalformedJobs = (
  codePipeline: CodePipelineClient,
): MiddlewareObj<CodePipelineEvent, unknown, Error, Context> => ({
  before: async ({ event, context }) => {
    try {
      assertCodePipelineEvent(event)
    } catch (error) {
      if (!(error instanceof EventShapeError)) throw error
      const jobId = codePipelineJobId(event)
      if (jobId !== undefined) {
        // The credentials may be what is malformed: nothing from the event but the id is logged.
        createJobLogger(jobId, []).error('malformed job event; failing the job', {
          field: error.field,
          expected: error.expected,
        })
        await reportVerdict(
          codePipeline,
          jobId,
          { kind: 'failed', failureType: 'JobFailed', message: error.message },
          context.awsRequestId,
        )
      }
      throw error
    }
  },
})
