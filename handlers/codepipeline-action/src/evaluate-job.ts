import { createHash } from 'node:crypto'
import type { S3Client } from '@aws-sdk/client-s3'
import type { CodePipelineEvent } from 'aws-lambda'
import { type ArtifactS3Factory, downloadArtifact, selectInputArtifact } from './artifact.ts'
import { checkRelease } from './check-release.ts'
import type { Config } from './config.ts'
import { decodeContinuationToken, encodeContinuationToken } from './continuation-token.ts'
import { type JobFailureType, JobRejectedError, OutOfTimeError } from './errors.ts'
import { openReleaseZip } from './release-zip.ts'
import { parseUserParameters } from './user-parameters.ts'

export type Job = CodePipelineEvent['CodePipeline.job']

/** The artifact download was abandoned at the deadline (AbortSignal.timeout). */
const isAbort = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')

export type JobVerdict =
  | {
      kind: 'succeeded'
      summary: string
      percentComplete: 100
      outputVariables: { releaseName: string; version: string; artifactSha256: string }
    }
  | { kind: 'in-progress'; summary: string; percentComplete: number; continuationToken: string }
  | { kind: 'failed'; failureType: JobFailureType; message: string }

export interface EvaluateDeps {
  config: Config
  artifactS3: ArtifactS3Factory
  /** Milliseconds this invocation has left (the Lambda context's clock). */
  remainingMs: () => number
}

/**
 * Decides what to report for one job invocation. A rejected release is a verdict, not an
 * error; only unexpected failures throw (the handler turns those into a failure result too).
 */
export const evaluateJob = async (job: Job, deps: EvaluateDeps): Promise<JobVerdict> => {
  const { config } = deps
  const checkDeadline = () => {
    const left = deps.remainingMs()
    if (left < config.reportMarginMs) {
      throw new OutOfTimeError(
        `Only ${left} ms of the invocation were left, less than REPORT_MARGIN_MS (${config.reportMarginMs} ms) needed to report`,
      )
    }
  }
  try {
    checkDeadline()
    // UserParameters is optional: CodePipeline leaves it out, whatever @types/aws-lambda says.
    const configuration: { UserParameters?: string } = job.data.actionConfiguration.configuration
    const parameters = parseUserParameters(configuration.UserParameters)
    const progress =
      job.data.continuationToken === undefined
        ? undefined
        : decodeContinuationToken(job.data.continuationToken)
    const artifact = selectInputArtifact(job.data.inputArtifacts, parameters.inputArtifact)

    const s3: S3Client = deps.artifactS3(job.data.artifactCredentials)
    let bytes: Uint8Array
    try {
      // The download is abandoned, not awaited past the point where the job must be reported.
      const signal = AbortSignal.timeout(Math.max(0, deps.remainingMs() - config.reportMarginMs))
      bytes = await downloadArtifact(s3, artifact, config.maxArtifactBytes, signal)
    } finally {
      s3.destroy()
    }
    checkDeadline()
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    if (progress !== undefined && progress.sha256 !== sha256) {
      throw new JobRejectedError(
        'RevisionOutOfSync',
        `Input artifact "${artifact.name}" changed between invocations (sha256 ${progress.sha256} → ${sha256}).`,
      )
    }

    const zip = await openReleaseZip(bytes, {
      maxEntryBytes: config.maxEntryBytes,
      maxInflatedBytes: config.maxInflatedBytes,
      checkDeadline,
    })
    const outcome = await checkRelease(zip, {
      manifestPath: parameters.manifestPath,
      requiredFiles: parameters.requiredFiles ?? config.defaultRequiredFiles,
      resumeAt: progress?.next ?? 0,
      maxChecks: config.maxChecksPerInvocation,
      hasTimeLeft: () => deps.remainingMs() > config.reportMarginMs,
    })
    switch (outcome.kind) {
      case 'passed':
        return {
          kind: 'succeeded',
          summary: `${outcome.manifest.name}@${outcome.manifest.version} passed the release check`,
          percentComplete: 100,
          outputVariables: {
            releaseName: outcome.manifest.name,
            version: outcome.manifest.version,
            artifactSha256: sha256,
          },
        }
      case 'paused':
        return {
          kind: 'in-progress',
          summary: `verified ${outcome.next} of ${outcome.total} checksums`,
          percentComplete: Math.floor((outcome.next / outcome.total) * 100),
          continuationToken: encodeContinuationToken({ v: 1, sha256, next: outcome.next }),
        }
      case 'failed':
        return {
          kind: 'failed',
          failureType: 'JobFailed',
          message: `Release check failed for "${artifact.name}": ${outcome.problems.join('; ')}.`,
        }
    }
  } catch (error) {
    if (error instanceof JobRejectedError) {
      return { kind: 'failed', failureType: error.failureType, message: error.message }
    }
    if (error instanceof OutOfTimeError || isAbort(error)) {
      return {
        kind: 'failed',
        failureType: 'JobFailed',
        message: `The release check ran out of time before making progress (${(error as Error).message}). Raise the function's timeout or lower MAX_CHECKS_PER_INVOCATION; retry the stage.`,
      }
    }
    throw error
  }
}
