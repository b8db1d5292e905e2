import type { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import middy from '@middy/core'
import { type IdempotencyStore, idempotency } from '@repo/idempotency'
import type { CodePipelineEvent, Context } from 'aws-lambda'
import { type ArtifactS3Factory, artifactS3Client } from './artifact.ts'
import type { Config } from './config.ts'
import { evaluateJob, type JobVerdict } from './evaluate-job.ts'
import { refuseMalformedJobs } from './job-shape.ts'
import { createJobLogger, scrubber } from './log.ts'
import { type Delivery, reportVerdict } from './report.ts'

export interface HandlerDependencies {
  config: Config
  codePipeline: CodePipelineClient
  store: IdempotencyStore
  /** Default: an S3 client on the job's artifact credentials. */
  artifactS3?: ArtifactS3Factory
  /** Clock for the idempotency records (tests). */
  now?: () => number
}

/** What the invocation returns, and what a duplicate invocation replays. */
export interface JobResult {
  jobId: string
  outcome: JobVerdict['kind']
  delivery: Delivery
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)

export const createHandler = (deps: HandlerDependencies) => {
  const artifactS3 = deps.artifactS3 ?? artifactS3Client

  const reportJob = async (event: CodePipelineEvent, context: Context): Promise<JobResult> => {
    const job = event['CodePipeline.job']
    const { accessKeyId, secretAccessKey, sessionToken = '' } = job.data.artifactCredentials
    const scrub = scrubber([accessKeyId, secretAccessKey, sessionToken])
    const log = createJobLogger(job.id, [accessKeyId, secretAccessKey, sessionToken])

    let verdict: JobVerdict
    try {
      verdict = await evaluateJob(job, {
        config: deps.config,
        artifactS3,
        remainingMs: () => context.getRemainingTimeInMillis(),
      })
    } catch (error) {
      // Whatever broke, the job is still reported: an unreported job hangs the pipeline.
      log.error('release check failed unexpectedly', { error })
      verdict = {
        kind: 'failed',
        failureType: 'JobFailed',
        message: `Unexpected error while checking the release (${describe(error)}); see the function's logs for request ${context.awsRequestId}.`,
      }
    }
    if (verdict.kind === 'failed') verdict = { ...verdict, message: scrub(verdict.message) }

    let delivery: Delivery
    try {
      delivery = await reportVerdict(deps.codePipeline, job.id, verdict, context.awsRequestId)
    } catch (error) {
      log.error('could not report the job; failing so Lambda retries', { error })
      throw error
    }
    const logReport = delivery === 'reported' ? log.info : log.warn
    logReport(delivery === 'reported' ? 'job reported' : 'job was already reported; sent nothing', {
      outcome: verdict.kind,
      ...(verdict.kind === 'failed' && {
        failureType: verdict.failureType,
        reason: verdict.message,
      }),
      ...(verdict.kind === 'succeeded' && { version: verdict.outputVariables.version }),
    })
    return { jobId: job.id, outcome: verdict.kind, delivery }
  }

  return middy<CodePipelineEvent, JobResult>()
    .use(refuseMalformedJobs(deps.codePipeline))
    .use(
      idempotency<CodePipelineEvent, JobResult>({
        store: deps.store,
        now: deps.now,
        // A concurrent duplicate waits for the first one's result rather than failing.
        inFlight: { waitMs: 10_000 },
      }),
    )
    .handler(reportJob)
}
