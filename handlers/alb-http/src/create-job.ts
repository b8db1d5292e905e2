import { randomUUID } from 'node:crypto'
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { JobTable } from '@repo/jobs'
import type { ALBEvent } from 'aws-lambda'
import type { HttpResponse } from './alb-response.ts'
import { HttpProblem } from './errors.ts'
import type { JobMessage, JobRequest } from './job-request.ts'
import type { BodyContext } from './json-body.ts'

/** The classic SQS limit (raised to 1 MiB in 2025, but not every queue or region has it). */
export const SQS_MAX_MESSAGE_BYTES = 256 * 1024

export interface CreateJobDependencies {
  sqs: SQSClient
  queueUrl: string
  /** Where the job's status lives: `queued` is written before the message is sent. */
  jobs: JobTable
  now: () => number
  newJobId?: () => string
}

// SQS accepts XML 1.0 characters only; JSON.stringify leaves U+FFFE/U+FFFF raw, so escape them.
const sqsSafeJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[\uFFFE\uFFFF]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16)}`,
  )

/**
 * `POST /jobs`: one SQS message per accepted job, then 202 with where to look for it. Runs behind
 * `validJsonBody` (the body is valid here) and the idempotency middleware (a retried request
 * with the same Idempotency-Key never reaches this function: the stored 202 is replayed).
 */
export const createJob =
  (deps: CreateJobDependencies) =>
  async (_event: ALBEvent, context: BodyContext<JobRequest>): Promise<HttpResponse> => {
    const job = context.body
    if (job === undefined) {
      throw new TypeError('createJob needs the validJsonBody middleware before it.')
    }
    const jobId = (deps.newJobId ?? randomUUID)()
    const message: JobMessage = {
      jobId,
      type: job.type,
      payload: job.payload,
      acceptedAt: new Date(deps.now()).toISOString(),
    }
    const messageBody = sqsSafeJson(message)
    const messageBytes =
      Buffer.byteLength(messageBody) + Buffer.byteLength(job.type) + 'type'.length
    if (messageBytes > SQS_MAX_MESSAGE_BYTES) {
      // Reachable only when re-serialising grows the JSON (1e21 → 1000000000000000000000).
      throw new HttpProblem(413, `The job does not fit one SQS message (${messageBytes} bytes).`)
    }
    // `queued` first, so GET /jobs/<id> answers as soon as the client has the Location; a
    // message that never reached the queue leaves a failed job, never a queued one forever.
    await deps.jobs.accept(message)
    try {
      await deps.sqs.send(
        new SendMessageCommand({
          QueueUrl: deps.queueUrl,
          MessageBody: messageBody,
          MessageAttributes: { type: { DataType: 'String', StringValue: job.type } },
        }),
      )
    } catch (error) {
      await deps.jobs.fail(jobId, 'The job could not be queued; send it again.').catch(() => false)
      throw error
    }
    return {
      statusCode: 202,
      headers: { 'content-type': 'application/json', location: `/jobs/${jobId}` },
      body: JSON.stringify({ jobId }),
      isBase64Encoded: false,
    }
  }
