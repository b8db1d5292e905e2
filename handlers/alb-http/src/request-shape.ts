import type { MiddlewareObj } from '@middy/core'
import { assertAlbEvent, EventShapeError } from '@repo/runtime'
import type { ALBEvent, ALBResult, Context } from 'aws-lambda'
import { HttpProblem } from './errors.ts'

/**
 * Middy middleware: refuses an event that is not shaped like an ALB request with a 400 naming the
 * field, before anything reads it. Registered before http-header-normalizer, which iterates the
 * header maps, and before the router, which needs a method and an absolute path. ALB itself never
 * sends such an event; a test client, a misrouted invocation or `lambda invoke` can.
 */
export const albRequestShape = (): MiddlewareObj<ALBEvent, ALBResult, Error, Context> => ({
  before: ({ event }) => {
    try {
      assertAlbEvent(event)
    } catch (error) {
      if (error instanceof EventShapeError) throw new HttpProblem(400, error.message)
      throw error
    }
  },
})
