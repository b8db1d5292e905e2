import type { CodePipelineEvent } from 'aws-lambda'
import { isObject, type Obj } from './object.ts'

export const isCodePipelineEvent = (event: Obj): event is Obj & CodePipelineEvent =>
  isObject(event['CodePipeline.job'])

/**
 * The job id; a continuation (the action asked to be invoked again) carries a continuationToken and
 * is new work, so the token joins the key.
 */
export const codePipelineKey = (event: CodePipelineEvent): string => {
  const job = event['CodePipeline.job']
  const token = job.data?.continuationToken
  return token === undefined ? `cp:${job.id}` : `cp:${job.id}:${token}`
}
