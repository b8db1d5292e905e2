import type { IncomingMessage, ServerResponse } from 'node:http'
import { STATUS_CODES } from 'node:http'
import { type CloudFrontEventType, edgeQuotaOf, triggersOfType } from '@repo/triggers'
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontResponse } from 'aws-lambda'
import type { LocalRuntime } from '../../function/runtime.ts'
import { PayloadTooLargeError } from '../../http/errors.ts'
import { send, sendProblem } from '../../http/reply.ts'
import { closeAfterAnswer, readBody } from '../../http/request-body.ts'
import type { Output } from '../../output.ts'
import {
  type LocalDistribution,
  newRequestId,
  requestEvent,
  responseEvent,
  viewerHeaders,
} from './events.ts'
import {
  EdgeResultViolation,
  generatedResponseViolations,
  headerViolations,
  resultHeaders,
} from './result-checks.ts'

/** CloudFront's largest request body to an origin is far larger; locally the ALB's 1 MB applies next. */
const MAX_BODY_BYTES = 1024 * 1024

/** Where the distribution's origins answer locally. */
export interface LocalOrigins {
  /** The default origin: the local ALB listener (`http://127.0.0.1:3000`). */
  readonly alb: string
  /** The local S3 endpoint (path style), for S3 origins a function chooses. */
  readonly s3: string
}

/** A function's failure, answered as CloudFront answers it: 502 invalid result, 503 error/timeout. */
class EdgeFailure extends Error {
  override name = 'EdgeFailure'
  readonly status: 502 | 503
  constructor(status: 502 | 503, message: string) {
    super(message)
    this.status = status
  }
}

interface OriginAnswer {
  status: number
  headers: CloudFrontHeaders
  body: Buffer
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isGeneratedResponse = (value: Record<string, unknown>) =>
  'status' in value && !('uri' in value)

/** Headers a client or origin connection owns; never copied across hops. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
])

const toFetchHeaders = (headers: CloudFrontHeaders): Headers => {
  const result = new Headers()
  for (const [name, list] of Object.entries(headers))
    if (!hopByHop.has(name)) for (const { value } of list) result.append(name, value)
  return result
}

const fromFetchHeaders = (headers: Headers): CloudFrontHeaders => {
  const result: CloudFrontHeaders = {}
  headers.forEach((value, name) => {
    if (hopByHop.has(name)) return
    result[name] = [...(result[name] ?? []), { key: name, value }]
  })
  return result
}

const toReplyHeaders = (headers: CloudFrontHeaders): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !hopByHop.has(name))
      .map(([name, list]) => [list[0]?.key ?? name, list.map((entry) => entry.value)]),
  )

/**
 * The local CloudFront distribution: every request runs viewer request → origin request →
 * origin → origin response → viewer response, each function called with CloudFront's event and
 * its result checked as CloudFront checks it (read-only and disallowed headers, the size of a
 * generated response, the status a viewer-response function may not change, the timeout of the
 * event type). A violation is CloudFront's 502 (503 for a function error or timeout) with the
 * reason, and a log line. No cache: every request is a miss, so origin events always run.
 */
export const createCloudFrontListener = (
  runtime: LocalRuntime,
  origins: LocalOrigins,
  output: Output,
) => {
  // A distribution's behaviour has one function per event type: the first handler (in folder
  // order) that declares it is the one run, and the others are named, not silently dropped.
  const associations = new Map<CloudFrontEventType, string>()
  for (const handler of runtime.handlers)
    for (const trigger of triggersOfType(handler.declaration, 'cloudfront')) {
      const chosen = associations.get(trigger.eventType)
      if (chosen === undefined) associations.set(trigger.eventType, handler.name)
      else
        output.note(
          `cloudfront ${trigger.eventType}: runs ${chosen}, not ${handler.name} (one function per event type)`,
        )
    }
  const albUrl = new URL(origins.alb)
  const distribution: LocalDistribution = {
    domainName: 'd111111abcdef8.cloudfront.net',
    id: 'ELOCALDISTRIB1',
  }

  /** Runs the function of `eventType` (if any) and returns its raw result. */
  const run = async (eventType: CloudFrontEventType, event: unknown): Promise<unknown> => {
    const handler = associations.get(eventType)
    if (handler === undefined) return undefined
    const outcome = await runtime.invokeOnce(handler, event, undefined, {
      source: 'cloudfront',
      async: false,
    })
    const limitMs = edgeQuotaOf(eventType).maxTimeoutSeconds * 1000
    if (outcome.status === 'timeout' || outcome.durationMs > limitMs)
      throw new EdgeFailure(503, `the ${eventType} function ran past its timeout`)
    if (outcome.status !== 'success')
      throw new EdgeFailure(
        503,
        `the ${eventType} function failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
      )
    return outcome.result
  }

  const fail = (reasons: string[]): never => {
    throw new EdgeFailure(502, reasons.join('; '))
  }

  /** A request event's result: the (checked) request to go on with, or a generated response. */
  const requestStep = async (
    eventType: 'viewer-request' | 'origin-request',
    requestId: string,
    request: CloudFrontRequest,
  ): Promise<CloudFrontRequest | CloudFrontResponse> => {
    if (!associations.has(eventType)) return request
    const before = structuredClone(request)
    const result = await run(eventType, requestEvent(distribution, eventType, requestId, request))
    if (!isObject(result))
      return fail([`the ${eventType} function returned no request or response`])
    if (isGeneratedResponse(result)) {
      const headers = resultHeaders(result.headers, 'response.headers')
      const problems = [
        ...generatedResponseViolations(eventType, result),
        ...headerViolations(eventType, {}, headers).filter((p) => p.includes('disallowed')),
      ]
      if (problems.length > 0) fail(problems)
      return {
        status: String(result.status),
        statusDescription: String(result.statusDescription ?? ''),
        headers,
        ...(typeof result.body === 'string'
          ? { body: result.body, bodyEncoding: result.bodyEncoding }
          : {}),
      } as CloudFrontResponse
    }
    if (typeof result.uri !== 'string' || !result.uri.startsWith('/'))
      fail([`the ${eventType} function returned a request without an absolute uri`])
    const headers = resultHeaders(result.headers, 'request.headers')
    const problems = headerViolations(eventType, before.headers, headers)
    if (problems.length > 0) fail(problems)
    return { ...before, ...(result as unknown as CloudFrontRequest), headers }
  }

  const responseStep = async (
    eventType: 'origin-response' | 'viewer-response',
    requestId: string,
    request: CloudFrontRequest,
    response: CloudFrontResponse,
  ): Promise<CloudFrontResponse> => {
    if (!associations.has(eventType)) return response
    const before = structuredClone(response)
    const result = await run(
      eventType,
      responseEvent(distribution, eventType, requestId, request, response),
    )
    if (!isObject(result)) return fail([`the ${eventType} function returned no response`])
    const headers = resultHeaders(result.headers, 'response.headers')
    const problems = headerViolations(eventType, before.headers, headers)
    if (eventType === 'viewer-response' && String(result.status) !== before.status)
      problems.push(
        'a viewer-response function may not change the status (Lambda@Edge restriction)',
      )
    if (problems.length > 0) fail(problems)
    return { ...before, status: String(result.status), headers }
  }

  /** The origin the request names: the ALB (custom) or a bucket on the local S3 endpoint. */
  const fetchOrigin = async (request: CloudFrontRequest, body: Buffer): Promise<OriginAnswer> => {
    const query = request.querystring ? `?${request.querystring}` : ''
    let url: string
    if (request.origin?.s3 !== undefined) {
      const bucket = request.origin.s3.domainName.split('.s3.')[0] ?? ''
      url = `${origins.s3}/${bucket}${request.origin.s3.path}${request.uri}${query}`
    } else {
      const custom = request.origin?.custom
      url =
        custom === undefined
          ? `${origins.alb}${request.uri}${query}`
          : `${custom.protocol}://${custom.domainName}:${custom.port}${custom.path}${request.uri}${query}`
    }
    const headers = toFetchHeaders(request.headers)
    const answer = await fetch(url, {
      method: request.method,
      headers,
      redirect: 'manual',
      ...(body.length > 0 && !['GET', 'HEAD'].includes(request.method)
        ? { body: new Uint8Array(body) }
        : {}),
    })
    return {
      status: answer.status,
      headers: fromFetchHeaders(answer.headers),
      body: Buffer.from(await answer.arrayBuffer()),
    }
  }

  const reply = (response: ServerResponse, answer: CloudFrontResponse, body: Buffer | string) => {
    const status = Number(answer.status)
    send(
      response,
      status,
      toReplyHeaders(answer.headers),
      body,
      answer.statusDescription || STATUS_CODES[status],
    )
  }

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let body: Buffer
    try {
      body = await readBody(request, MAX_BODY_BYTES)
    } catch (error) {
      if (!(error instanceof PayloadTooLargeError)) throw error
      closeAfterAnswer(request, response)
      return sendProblem(response, 413, 'The request body is over the local limit (1 MB).')
    }
    const requestId = newRequestId()
    const url = request.url ?? '/'
    // CloudFront answers a request whose target is not a path (absolute-form, `*`) itself.
    if (!url.startsWith('/')) return sendProblem(response, 400, 'The request target is not a path.')
    const queryStart = url.indexOf('?')
    const viewerRequest: CloudFrontRequest = {
      clientIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      headers: viewerHeaders(request, 'http'),
      method: request.method ?? 'GET',
      querystring: queryStart === -1 ? '' : url.slice(queryStart + 1),
      uri: queryStart === -1 ? url : url.slice(0, queryStart),
    }
    try {
      const afterViewer = await requestStep('viewer-request', requestId, viewerRequest)
      // A response generated at viewer request goes straight back (no other event runs).
      if (!('uri' in afterViewer)) return reply(response, afterViewer, generatedBody(afterViewer))

      // What CloudFront forwards: the distribution's default origin, CloudFront's own headers.
      const toOrigin: CloudFrontRequest = {
        ...afterViewer,
        headers: {
          ...afterViewer.headers,
          host: [{ key: 'Host', value: albUrl.host }],
          via: [{ key: 'Via', value: `2.0 ${requestId.slice(0, 32)}.cloudfront.net (CloudFront)` }],
          'x-forwarded-for': [{ key: 'X-Forwarded-For', value: afterViewer.clientIp }],
        },
        origin: {
          custom: {
            customHeaders: {},
            domainName: albUrl.hostname,
            keepaliveTimeout: 5,
            path: '',
            port: Number(albUrl.port || 80),
            protocol: 'http',
            readTimeout: 30,
            sslProtocols: ['TLSv1.2'],
          },
        },
      }
      const afterOrigin = await requestStep('origin-request', requestId, toOrigin)
      let answer: CloudFrontResponse
      let answerBody: Buffer | string
      if (!('uri' in afterOrigin)) {
        answer = afterOrigin
        answerBody = generatedBody(afterOrigin)
      } else {
        const origin = await fetchOrigin(afterOrigin, body)
        const fromOrigin: CloudFrontResponse = {
          status: String(origin.status),
          statusDescription: STATUS_CODES[origin.status] ?? '',
          headers: origin.headers,
        }
        answer = await responseStep('origin-response', requestId, afterOrigin, fromOrigin)
        answerBody = origin.body
      }
      // CloudFront does not run viewer response when the origin answered 400 or more.
      if (Number(answer.status) < 400)
        answer = await responseStep('viewer-response', requestId, viewerRequest, answer)
      answer.headers['x-amz-cf-id'] = [{ key: 'X-Amz-Cf-Id', value: requestId }]
      return reply(response, answer, answerBody)
    } catch (error) {
      if (!(error instanceof EdgeFailure || error instanceof EdgeResultViolation)) throw error
      const status = error instanceof EdgeFailure ? error.status : 502
      output.note(
        `cloudfront ${status} ${viewerRequest.method} ${viewerRequest.uri}: ${error.message}`,
      )
      return sendProblem(response, status, `Lambda@Edge: ${error.message}`, {
        'x-amz-cf-id': requestId,
      })
    }
  }
}

const generatedBody = (
  response: CloudFrontResponse & { body?: unknown; bodyEncoding?: unknown },
) =>
  typeof response.body !== 'string'
    ? ''
    : response.bodyEncoding === 'base64'
      ? Buffer.from(response.body, 'base64')
      : response.body
