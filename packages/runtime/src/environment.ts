// zod/mini, not zod: the same checks and messages without bundling the method-chaining API into
// every cold start.
import type * as z from 'zod/mini'
import { ConfigError } from './errors.ts'

type Environment = Readonly<Record<string, string | undefined>>

export interface ReadEnvironmentOptions {
  /** Who cannot start, for the error's first line (e.g. `'alb-http'`). */
  subject?: string
}

// A value longer than this is cut in messages: enough to spot a typo, not a wall of text.
const SHOWN_CHARACTERS = 80

const shown = (value: string): string =>
  value.length > SHOWN_CHARACTERS ? `${value.slice(0, SHOWN_CHARACTERS)}…` : value

// A variable set to spaces is a variable someone forgot: treat it as unset, so defaults apply
// and the message says "is not set".
// No prototype: a variable named `constructor` or `toString` that is not set must read as unset.
const withoutBlanks = (env: Environment): Record<string, string | undefined> => {
  const cleaned: Record<string, string | undefined> = Object.create(null)
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim()
    cleaned[name] = trimmed === '' ? undefined : trimmed
  }
  return cleaned
}

/**
 * Reads the environment once, at cold start, through `schema` (a `z.object` of the variables the
 * handler reads), and returns the typed, frozen result. Every bad variable is named in one
 * `ConfigError`, with its value and what it must be:
 *
 *   - FILES_BUCKET ("My_Bucket") must be an S3 bucket name: ...
 *   - JOBS_QUEUE_URL is not set and must be an SQS queue URL ...
 */
export const readEnvironment = <Schema extends z.ZodMiniObject>(
  schema: Schema,
  env: Environment = process.env,
  options: ReadEnvironmentOptions = {},
): Readonly<z.output<Schema>> => {
  const cleaned = withoutBlanks(env)
  const parsed = schema.safeParse(cleaned)
  if (parsed.success) return Object.freeze(parsed.data)
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)'
    const value = typeof issue.path[0] === 'string' ? cleaned[issue.path[0]] : undefined
    const state = value === undefined ? 'is not set and' : `("${shown(value)}")`
    return issue.path.length > 0 ? `${name} ${state} ${issue.message}` : issue.message
  })
  throw new ConfigError(problems, options.subject)
}
