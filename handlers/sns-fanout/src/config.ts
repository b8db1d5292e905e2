import { ConfigError } from './errors.ts'

export interface Config {
  /** Message type → SQS queue URL. */
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

const EXAMPLE = 'ROUTES=\'{"order":"https://sqs.us-east-1.amazonaws.com/123456789012/orders"}\''

const parseRoutes = (text: string | undefined, problems: string[]): Map<string, string> => {
  const routes = new Map<string, string>()
  if (text === undefined || text.trim() === '') {
    problems.push(`ROUTES is required: a JSON object of message type → queue URL, as in ${EXAMPLE}`)
    return routes
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    problems.push(`ROUTES is not valid JSON (${(error as Error).message}); expected ${EXAMPLE}`)
    return routes
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`ROUTES must be a JSON object of message type → queue URL, as in ${EXAMPLE}`)
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

/** Reads and checks every variable at once, so one failed cold start lists everything to fix. */
export const loadConfig = (env: Environment = process.env): Config => {
  const problems: string[] = []
  const routes = parseRoutes(env.ROUTES, problems)
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
