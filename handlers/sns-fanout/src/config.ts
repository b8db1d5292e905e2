import { isQueueUrl, queueUrl, readEnvironment } from '@repo/runtime'
import * as z from 'zod/mini'

export interface Config {
  /** Message type → SQS queue URL, from the `ROUTE_<TYPE>_QUEUE_URL` variables and `ROUTES`. */
  routes: ReadonlyMap<string, string>
  /** Where messages with no type, or a type without a route, go: never dropped. */
  catchAllQueueUrl: string
}

type Environment = Readonly<Record<string, unknown>>
/** Where a route problem is reported: the variable it is about, or none for the whole table. */
type Report = (message: string, variable?: string) => void

const ROUTES_EXAMPLE =
  'ROUTES=\'{"order.created":"https://sqs.us-east-1.amazonaws.com/123456789012/orders"}\''
const VARIABLE_EXAMPLE =
  'ROUTE_ORDER_QUEUE_URL=https://sqs.us-east-1.amazonaws.com/123456789012/orders'

/** `ROUTE_<NAME>_QUEUE_URL`: the form a declared queue's `environmentVariable` can take. */
const ROUTE_VARIABLE = /^ROUTE_(.*)_QUEUE_URL$/s

/**
 * One route per `ROUTE_<NAME>_QUEUE_URL`, type = NAME lower-cased. NAME must be upper case so
 * that two variables never claim one type; a type an env var name cannot spell goes in ROUTES.
 */
const routeVariables = (env: Environment, report: Report): Map<string, string> => {
  const routes = new Map<string, string>()
  for (const [variable, url] of Object.entries(env)) {
    const name = ROUTE_VARIABLE.exec(variable)?.[1]
    if (name === undefined || typeof url !== 'string') continue
    if (!/^[A-Z0-9_]+$/.test(name)) {
      report(
        `must have an upper-case type between ROUTE_ and _QUEUE_URL (A-Z, 0-9, _), as in ${VARIABLE_EXAMPLE}; a mixed-case type goes in ROUTES`,
        variable,
      )
    } else if (!isQueueUrl(url)) report('is not an SQS queue URL', variable)
    else routes.set(name.toLowerCase(), url)
  }
  return routes
}

/** ROUTES, optional: a JSON object for the types an env var name cannot spell (`order.created`). */
const routesJson = (text: unknown, report: Report): Map<string, string> => {
  const routes = new Map<string, string>()
  if (typeof text !== 'string') return routes
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    report(`is not valid JSON (${(error as Error).message}); expected ${ROUTES_EXAMPLE}`, 'ROUTES')
    return routes
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    report(`must be a JSON object of message type → queue URL, as in ${ROUTES_EXAMPLE}`, 'ROUTES')
    return routes
  }
  for (const [type, url] of Object.entries(parsed)) {
    if (type.trim() === '') report('has an empty message type', 'ROUTES')
    else if (!isQueueUrl(url)) {
      report(`maps "${type}" to ${JSON.stringify(url)}, which is not an SQS queue URL`, 'ROUTES')
    } else routes.set(type, url)
  }
  return routes
}

/**
 * Both sources merged. A type both name with one URL is fine (e.g. while moving a route out of
 * ROUTES); with two URLs neither can be trusted to win, so it is a configuration error.
 */
const routesOf = (env: Environment, report: Report): Map<string, string> => {
  let problems = 0
  const counted: Report = (message, variable) => {
    problems++
    report(message, variable)
  }
  const routes = routeVariables(env, counted)
  for (const [type, url] of routesJson(env.ROUTES, counted)) {
    const fromVariable = routes.get(type)
    if (fromVariable !== undefined && fromVariable !== url) {
      counted(
        `Type "${type}" has two queues: ${fromVariable} (ROUTE_${type.toUpperCase()}_QUEUE_URL) and ${url} (ROUTES); keep one`,
      )
    } else routes.set(type, url)
  }
  // Only when nothing else was wrong: an invalid route already explains why none is left.
  if (routes.size === 0 && problems === 0) {
    report(
      `At least one route is required: a ROUTE_<TYPE>_QUEUE_URL variable, as in ${VARIABLE_EXAMPLE}, or ${ROUTES_EXAMPLE}`,
    )
  }
  return routes
}

const environment = z
  .looseObject({
    CATCH_ALL_QUEUE_URL: queueUrl('the queue for messages whose type has no route'),
    ROUTES: z.optional(z.string()),
  })
  .check(
    z.superRefine(
      (env, context) => {
        routesOf(env, (message, variable) =>
          context.issues.push({
            code: 'custom',
            message,
            input: variable === undefined ? env : env[variable],
            path: variable === undefined ? [] : [variable],
          }),
        )
      },
      // Route problems are listed even when CATCH_ALL_QUEUE_URL is wrong too.
      { when: () => true },
    ),
  )

/** Reads the environment once, at cold start; one ConfigError names every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<Config> => {
  const vars = readEnvironment(environment, env, { subject: 'sns-fanout' })
  return Object.freeze({
    routes: routesOf(vars, () => {}),
    catchAllQueueUrl: vars.CATCH_ALL_QUEUE_URL,
  })
}
