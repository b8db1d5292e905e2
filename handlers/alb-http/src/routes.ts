import middy, { type MiddyHandlerObject } from '@middy/core'
import httpRouter, { type Method, type Route } from '@middy/http-router'
import type { IdempotencyStore } from '@repo/idempotency'
import { idempotency } from '@repo/idempotency'
import type { ALBEvent, ALBResult, Context } from 'aws-lambda'
import { type CreateJobDependencies, createJob } from './create-job.ts'
import { HttpProblem } from './errors.ts'
import { type GetJobDependencies, getJob } from './get-job.ts'
import { type GetObjectDependencies, getObject } from './get-object.ts'
import { health, isElbHealthCheck } from './health.ts'
import { type JobRequest, jobRequestSchema } from './job-request.ts'
import { type BodyContext, validJsonBody } from './json-body.ts'

export interface RouteDependencies
  extends CreateJobDependencies,
    GetObjectDependencies,
    GetJobDependencies {
  store: IdempotencyStore
  maxBodyBytes: number
}

type AlbRoute = Route<ALBEvent, ALBResult>

const ROUTER_METHODS: readonly Exclude<Method, 'ANY'>[] = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]

/**
 * @middy/http-router answers every miss with 404, including a known path with the wrong method.
 * We ask a twin router, whose handlers only say "matched", which methods the path has, so 405
 * and its Allow header follow exactly the router's own matching (trailing slash, {proxy+}).
 */
const methodsAllowedBy = (routes: readonly AlbRoute[]) => {
  const matched: ALBResult = { statusCode: 200 }
  const probe = httpRouter<ALBEvent, ALBResult>({
    routes: routes.map((route) => ({ ...route, handler: async () => matched })),
    notFoundResponse: async () => undefined,
  })
  // The twin's handlers never read the context; matching looks at the method and path only.
  const unusedContext = {} as Context
  const unusedSignal = { signal: new AbortController().signal }
  return async (path: string): Promise<string[]> => {
    const results = await Promise.all(
      ROUTER_METHODS.map((httpMethod) =>
        probe(
          {
            requestContext: { elb: { targetGroupArn: '' } },
            httpMethod,
            path,
            body: null,
            isBase64Encoded: false,
          },
          unusedContext,
          unusedSignal,
        ),
      ),
    )
    return ROUTER_METHODS.filter((_, index) => results[index] === matched)
  }
}

/** The route table, as an @middy/http-router handler that also answers health checks, 404 and 405. */
export const createRoutes = (deps: RouteDependencies) => {
  // Only this route gets the body parser and idempotency: health checks and reads must stay cheap.
  const jobs = middy<ALBEvent, ALBResult, Error, BodyContext<JobRequest>>(createJob(deps))
    .use(validJsonBody(jobRequestSchema, { maxBytes: deps.maxBodyBytes }))
    .use(idempotency<ALBEvent, ALBResult>({ store: deps.store, now: deps.now }))

  const routes: AlbRoute[] = [
    { method: 'GET', path: '/health', handler: async () => health() },
    { method: 'POST', path: '/jobs', handler: jobs },
    { method: 'GET', path: '/jobs/{jobId}', handler: getJob(deps) },
    { method: 'GET', path: '/objects/{proxy+}', handler: getObject(deps) },
  ]
  const allowedMethods = methodsAllowedBy(routes)

  const router = httpRouter<ALBEvent, ALBResult>({
    routes,
    notFoundResponse: async ({ method, path }) => {
      const allow = await allowedMethods(path)
      if (allow.length > 0) {
        throw new HttpProblem(405, `${method} is not allowed on ${path}.`, {
          headers: { allow: allow.join(', ') },
        })
      }
      throw new HttpProblem(404, `No route for ${method} ${path}.`)
    },
  })

  return async (
    event: ALBEvent,
    context: Context,
    options: MiddyHandlerObject,
  ): Promise<ALBResult> => {
    // The method and an absolute path, which http-router needs, were checked by albRequestShape.
    if (isElbHealthCheck(event)) return health()
    const response = await router(event, context, options)
    if (response === undefined)
      throw new TypeError(`Route ${event.httpMethod} ${event.path} returned nothing.`)
    return response
  }
}
