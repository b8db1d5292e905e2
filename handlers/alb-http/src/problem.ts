import type { MiddlewareObj } from '@middy/core'
import type { ALBEvent, ALBResult, Context } from 'aws-lambda'
import { correlationId } from './alb-request.ts'
import type { HttpResponse } from './alb-response.ts'
import { statusDescription } from './alb-response.ts'
import { HttpProblem, type ProblemExtensions } from './errors.ts'

/** An RFC 9457 problem document as a response. `about:blank`: the title is the status phrase. */
export const problemResponse = (
  status: number,
  detail: string,
  options: { headers?: Record<string, string>; extensions?: ProblemExtensions } = {},
): HttpResponse => ({
  statusCode: status,
  headers: { ...options.headers, 'content-type': 'application/problem+json' },
  body: JSON.stringify({
    ...options.extensions,
    type: 'about:blank',
    title: statusDescription(status).slice(4),
    status,
    detail,
  }),
  isBase64Encoded: false,
})

/** Errors from Middy's own packages (`createError` in @middy/util) carry these. */
interface MiddyHttpError {
  statusCode: number
  expose?: boolean
  message: string
}

const isMiddyHttpError = (error: unknown): error is MiddyHttpError =>
  error instanceof Error &&
  typeof (error as Partial<MiddyHttpError>).statusCode === 'number' &&
  (error as Partial<MiddyHttpError>).expose === true

export type ErrorLogger = (entry: Record<string, unknown>) => void

const jsonLineLogger: ErrorLogger = (entry) => console.error(JSON.stringify(entry))

/**
 * Middy onError middleware (we do not use @middy/http-error-handler: it answers text/plain or the
 * error message as-is, not RFC 9457). A known HttpProblem keeps its status and detail; anything
 * else is a 500 that shows only a correlation id: the message and stack go to the log, never
 * to the client.
 */
export const problemDetails = (
  options: { logger?: ErrorLogger } = {},
): MiddlewareObj<ALBEvent, ALBResult, Error, Context> => {
  const log = options.logger ?? jsonLineLogger
  return {
    onError: (request) => {
      if (request.response != null) return
      const { error } = request
      if (error instanceof HttpProblem) {
        request.response = problemResponse(error.status, error.message, error)
        return
      }
      if (isMiddyHttpError(error) && error.statusCode < 500) {
        request.response = problemResponse(error.statusCode, error.message)
        return
      }
      const id = correlationId(request.event, request.context)
      log({
        level: 'error',
        message: 'unhandled error',
        correlationId: id,
        errorName: error instanceof Error ? error.name : typeof error,
        errorMessage: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      })
      request.response = problemResponse(
        500,
        `The request could not be completed. Quote correlation id ${id} when reporting this.`,
        { extensions: { correlationId: id } },
      )
    },
  }
}
