import { ConfigError } from './errors.ts'

export interface Config {
  /** Message type → SQS queue URL, from the `ROUTE_<TYPE>_QUEUE_URL` variables and `ROUTES`. */
  routes: ReadonlyMap<string, string>
  /** Where messages with no type, or a type without a route, go: never dropped. */
  catchAllQueueUrl: string
}

type Environment = Record<string, string | undefined>

/** Queue URLs are `<scheme>://<host>/<account>/<queue name>` (a local emulator's host included). */
export const isQueueUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      /^\/[^/]+\/[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(url.pathname)
    )
  } catch {
    return false
  }
}

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
const parseRouteVariables = (env: Environment, problems: string[]): Map<string, string> => {
  const routes = new Map<string, string>()
  for (const [variable, url] of Object.entries(env)) {
    const name = ROUTE_VARIABLE.exec(variable)?.[1]
    if (name === undefined || url === undefined) continue
    if (!/^[A-Z0-9_]+$/.test(name)) {
      problems.push(
        `${variable}: the part between ROUTE_ and _QUEUE_URL must be upper case (A-Z, 0-9, _), as in ${VARIABLE_EXAMPLE}; a mixed-case type goes in ROUTES`,
      )
    } else if (!isQueueUrl(url)) {
      problems.push(`${variable} "${url}" is not an SQS queue URL`)
    } else routes.set(name.toLowerCase(), url)
  }
  return routes
}

/** ROUTES, optional: a JSON object for the types an env var name cannot spell (`order.created`). */
const parseRoutesJson = (text: string | undefined, problems: string[]): Map<string, string> => {
  const routes = new Map<string, string>()
  if (text === undefined || text.trim() === '') return routes
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    problems.push(
      `ROUTES is not valid JSON (${(error as Error).message}); expected ${ROUTES_EXAMPLE}`,
    )
    return routes
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(
      `ROUTES must be a JSON object of message type → queue URL, as in ${ROUTES_EXAMPLE}`,
    )
    return routes
  }
  for (const [type, url] of Object.entries(parsed)) {
    if (type.trim() === '') problems.push('ROUTES has an empty message type')
    else if (!isQueueUrl(url)) {
      problems.push(`ROUTES["${type}"] is not an SQS queue URL: ${JSON.stringify(url)}`)
    } else routes.set(type, url)
  }
  return routes
}

/**
 * Both sources merged. A type both name with one URL is fine (e.g. while moving a route out of
 * ROUTES); with two URLs neither can be trusted to win, so it is a configuration error.
 */
const parseRoutes = (env: Environment, problems: string[]): Map<string, string> => {
  const problemsBefore = problems.length
  const routes = parseRouteVariables(env, problems)
  for (const [type, url] of parseRoutesJson(env.ROUTES, problems)) {
    const fromVariable = routes.get(type)
    if (fromVariable !== undefined && fromVariable !== url) {
      problems.push(
        `Type "${type}" has two queues: ${fromVariable} (ROUTE_${type.toUpperCase()}_QUEUE_URL) and ${url} (ROUTES); keep one`,
      )
    } else routes.set(type, url)
  }
  // Only when nothing else was wrong: an invalid route already explains why none is left.
  if (routes.size === 0 && problems.length === problemsBefore) {
    problems.push(
      `At least one route is required: a ROUTE_<TYPE>_QUEUE_URL variable, as in ${VARIABLE_EXAMPLE}, or ${ROUTES_EXAMPLE}`,
    )
  }
  return routes
}

/** Reads and checks every variable at once, so one failed cold start lists everything to fix. */
export const loadConfig = (env: Environment = process.env): Config => {
  const problems: string[] = []
  const routes = parseRoutes(env, problems)
  const catchAllQueueUrl = env.CATCH_ALL_QUEUE_URL ?? ''
  if (!isQueueUrl(catchAllQueueUrl)) {
    problems.push(
      catchAllQueueUrl === ''
        ? 'CATCH_ALL_QUEUE_URL is required: the queue for messages whose type has no route'
        : `CATCH_ALL_QUEUE_URL "${catchAllQueueUrl}" is not an SQS queue URL`,
    )
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return { routes, catchAllQueueUrl }
}
