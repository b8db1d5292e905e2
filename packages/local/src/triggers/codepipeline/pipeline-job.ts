import { randomUUID } from 'node:crypto'
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { codePipelineJob, pipelineArtifact } from '@repo/shared'
import type { CodePipelineEndpoint } from '@repo/shared/harness'
import {
  type CodePipelineTrigger,
  type DeepReadonly,
  serializeUserParameters,
} from '@repo/triggers'
import type { CodePipelineEvent } from 'aws-lambda'
import { ARTIFACT_BUCKET } from '../../emulators/resources.ts'

export interface PipelineJobOptions {
  functionName: string
  trigger: DeepReadonly<CodePipelineTrigger>
  zip: Uint8Array
  s3: S3Client
  codePipeline: CodePipelineEndpoint
  /** Invokes the action as CodePipeline does (asynchronously, with the retry policy). */
  invoke(event: CodePipelineEvent): Promise<unknown>
  /** A chain of continuation tokens longer than this is reported as stuck. */
  maxInvocations?: number
}

export interface PipelineJobStep {
  jobId: string
  continuationToken?: string
  reported?: { operation: string; input: Record<string, unknown> }
}

export interface PipelineJobOutcome {
  /** `Succeeded` / `Failed` as the action would show in the console; `NoResult` if never reported. */
  status: 'Succeeded' | 'Failed' | 'NoResult' | 'TooManyContinuations'
  artifact: { bucket: string; key: string }
  steps: PipelineJobStep[]
}

const inputArtifactName = (userParameters: string | undefined): string => {
  try {
    const parsed = JSON.parse(userParameters ?? '{}') as { inputArtifact?: unknown }
    return typeof parsed.inputArtifact === 'string' ? parsed.inputArtifact : 'BuildArtifact'
  } catch {
    return 'BuildArtifact'
  }
}

/**
 * Runs a pipeline job the way CodePipeline drives a Lambda invoke action: the artifact zip goes
 * to the artifact store, the action gets a job, its PutJob*Result lands on the harness's
 * CodePipeline endpoint, and a success with a continuation token starts the next job.
 */
export const runPipelineJob = async (options: PipelineJobOptions): Promise<PipelineJobOutcome> => {
  const { trigger } = options
  const key = `${trigger.pipelineName}/${trigger.actionName}/${randomUUID()}.zip`
  await options.s3.send(
    new PutObjectCommand({
      Bucket: ARTIFACT_BUCKET,
      Key: key,
      Body: options.zip,
      ContentType: 'application/zip',
    }),
  )
  const userParameters = serializeUserParameters(trigger)
  const artifact = pipelineArtifact({
    name: inputArtifactName(userParameters),
    bucket: ARTIFACT_BUCKET,
    key,
    revision: randomUUID(),
  })
  const steps: PipelineJobStep[] = []
  let continuationToken: string | undefined
  for (let invocation = 0; invocation < (options.maxInvocations ?? 50); invocation++) {
    const jobId = randomUUID()
    const event = codePipelineJob({
      jobId,
      functionName: options.functionName,
      ...(userParameters !== undefined && { userParameters }),
      inputArtifacts: [artifact],
      ...(continuationToken !== undefined && { continuationToken }),
    })
    await options.invoke(event)
    const reported = options.codePipeline.results.find((result) => result.jobId === jobId)
    steps.push({
      jobId,
      ...(continuationToken !== undefined && { continuationToken }),
      ...(reported && { reported: { operation: reported.operation, input: reported.input } }),
    })
    const artifactLocation = { bucket: ARTIFACT_BUCKET, key }
    if (!reported) return { status: 'NoResult', artifact: artifactLocation, steps }
    if (reported.operation === 'PutJobFailureResult')
      return { status: 'Failed', artifact: artifactLocation, steps }
    const next = reported.input.continuationToken
    if (typeof next !== 'string' || next === '')
      return { status: 'Succeeded', artifact: artifactLocation, steps }
    continuationToken = next
  }
  return { status: 'TooManyContinuations', artifact: { bucket: ARTIFACT_BUCKET, key }, steps }
}
