import type { MiddlewareObj } from '@middy/core'
import { type Logger, problemResponse } from '@repo/runtime'
import type { ALBEvent, ALBResult, Context } from 'aws-lambda'
import { correlationId } from './alb-request.ts'
import { HttpProblem } from './errors.ts'

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

/**
 * Middy onError middleware (we do not use @middy/http-error-handler: it answers text/plain or the
 * error message as-is, not RFC 9457). A known HttpProblem keeps its status and detail; anything
 * else is a 500 that shows only a correlation id: the message and stack go to the log, never
 * to the client.
 */
export const problemDetails = (
  logger: Logger,
): MiddlewareObj<ALBEvent, ALBResult, Error, Context> => {
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
      logger.error('unhandled error', { correlationId: id, error })
      request.response = problemResponse(
        500,
        `The request could not be completed. Quote correlation id ${id} when reporting this.`,
        { extensions: { correlationId: id } },
      )
    },
  }
}
