import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import {
  validatePutJobFailureResult,
  validatePutJobSuccessResult,
  validationMessage,
} from './codepipeline-validation.ts'
import { closeServer, listenOnFreePort } from './listen.ts'

export type JobResultOperation = 'PutJobSuccessResult' | 'PutJobFailureResult'

/** One accepted job result: what the handler told CodePipeline. */
export interface RecordedJobResult {
  operation: JobResultOperation
  jobId: string
  input: Record<string, unknown>
}

/** Every request, accepted or not, with the AWS error it got. */
export interface RecordedRequest {
  target: string
  body: unknown
  error?: { type: string; message: string }
}

export interface CodePipelineEndpoint {
  /** Point `CodePipelineClient({ endpoint })` or `AWS_ENDPOINT_URL_CODEPIPELINE` here. */
  url: string
  /** Accepted results, in arrival order. */
  results: RecordedJobResult[]
  requests: RecordedRequest[]
  /** Forget everything received (between tests). */
  reset(): void
  stop(): Promise<void>
}

export interface CodePipelineEndpointOptions {
  /**
   * Job IDs CodePipeline knows; others get `JobNotFoundException`. Default: any well-formed ID.
   */
  knownJobIds?: string[]
}

const targetPrefix = 'CodePipeline_20150709.'
const contentType = 'application/x-amz-json-1.1'

class AwsJsonError extends Error {
  override name = 'AwsJsonError'
  readonly type: string
  constructor(type: string, message: string) {
    super(message)
    this.type = type
  }
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const reply = (response: ServerResponse, status: number, body: unknown, errorType?: string) => {
  response.writeHead(status, {
    'content-type': contentType,
    'x-amzn-requestid': randomUUID(),
    ...(errorType && { 'x-amzn-errortype': errorType }),
  })
  response.end(JSON.stringify(body))
}

/**
 * A loopback stand-in for the two CodePipeline calls a job worker makes, speaking the AWS JSON
 * 1.1 protocol the SDK uses. No emulator answers CodePipeline, and a handler that never reports
 * its job leaves the pipeline hanging, so tests need to see exactly what was reported.
 * As in AWS, a job takes one final result: a second one gets `InvalidJobStateException`.
 */
export const startCodePipelineEndpoint = async (
  options: CodePipelineEndpointOptions = {},
): Promise<CodePipelineEndpoint> => {
  const results: RecordedJobResult[] = []
  const requests: RecordedRequest[] = []
  const known = options.knownJobIds ? new Set(options.knownJobIds) : undefined

  const handle = (target: string, raw: string): Record<string, unknown> => {
    if (!target.startsWith(targetPrefix))
      throw new AwsJsonError('UnknownOperationException', `Unknown operation ${target}`)
    const operation = target.slice(targetPrefix.length)
    if (operation !== 'PutJobSuccessResult' && operation !== 'PutJobFailureResult')
      throw new AwsJsonError(
        'UnknownOperationException',
        `This endpoint only answers job results, not ${operation}`,
      )
    let input: unknown
    try {
      input = JSON.parse(raw || '{}')
    } catch {
      throw new AwsJsonError('SerializationException', 'Request body is not valid JSON')
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new AwsJsonError('SerializationException', 'Request body must be a JSON object')
    const body = input as Record<string, unknown>
    const errors =
      operation === 'PutJobSuccessResult'
        ? validatePutJobSuccessResult(body)
        : validatePutJobFailureResult(body)
    if (errors.length > 0) throw new AwsJsonError('ValidationException', validationMessage(errors))
    const jobId = body.jobId as string
    if (known && !known.has(jobId))
      throw new AwsJsonError('JobNotFoundException', `Job ${jobId} not found`)
    // A continuation token makes CodePipeline start a new job; this one is finished either way.
    if (results.some((result) => result.jobId === jobId))
      throw new AwsJsonError(
        'InvalidJobStateException',
        `Job ${jobId} is not in the InProgress state`,
      )
    results.push({ operation, jobId, input: body })
    return {}
  }

  const server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '')
    const raw = await readBody(request)
    let body: unknown = raw
    try {
      body = JSON.parse(raw)
    } catch {}
    try {
      if (request.method !== 'POST')
        throw new AwsJsonError('UnknownOperationException', 'Only POST is supported')
      reply(response, 200, handle(target, raw))
      requests.push({ target, body })
    } catch (error) {
      const { type, message } =
        error instanceof AwsJsonError ? error : new AwsJsonError('InternalFailure', String(error))
      requests.push({ target, body, error: { type, message } })
      reply(response, type === 'InternalFailure' ? 500 : 400, { __type: type, message }, type)
    }
  })
  const port = await listenOnFreePort(server)
  return {
    url: `http://127.0.0.1:${port}`,
    results,
    requests,
    reset: () => {
      results.length = 0
      requests.length = 0
    },
    stop: () => closeServer(server),
  }
}
