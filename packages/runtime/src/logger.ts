import { Console } from 'node:console'
import { currentRequestId } from './request-context.ts'

/** Lambda's application log levels, least to most severe. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export type LogFields = Readonly<Record<string, unknown>>
/** Fields, or a function returning them: it runs only when the line is printed. */
export type LogFieldsInput = LogFields | (() => LogFields)

type LogMethod = (message: string, fields?: LogFieldsInput) => void

export interface Logger {
  /** The lowest level printed. */
  readonly level: LogLevel
  /** Whether a line at `level` would be printed: guard anything costly to build. */
  enabled(level: LogLevel): boolean
  trace: LogMethod
  debug: LogMethod
  info: LogMethod
  warn: LogMethod
  error: LogMethod
  fatal: LogMethod
}

/** Receives one finished JSON line. */
export type LineWriter = (level: LogLevel, line: string) => void

export interface LoggerOptions {
  /** Default: `AWS_LAMBDA_LOG_LEVEL` (Lambda's application log level), else INFO. */
  level?: LogLevel
  /** Where the level and the runtime are read from, once, here. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>
  /** Fields on every line, after the caller's own (e.g. `{ service: 'alb-http' }`). */
  fields?: LogFields
  /** Default: see `defaultWriter`. */
  write?: LineWriter
}

const RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 }

const isLogLevel = (value: string): value is LogLevel => Object.hasOwn(RANK, value)

/** `AWS_LAMBDA_LOG_LEVEL` as Lambda spells it (any case); anything else means INFO. */
export const levelFromEnvironment = (env: LoggerOptions['env'] = process.env): LogLevel => {
  const value = env.AWS_LAMBDA_LOG_LEVEL?.trim().toUpperCase() ?? ''
  return isLogLevel(value) ? value : 'INFO'
}

/** Set by the Lambda service in a deployed function; never by the test harness or `npm start`. */
const inLambdaRuntime = (env: NonNullable<LoggerOptions['env']>): boolean =>
  env.LAMBDA_TASK_ROOT !== undefined && (env.AWS_EXECUTION_ENV ?? '').startsWith('AWS_Lambda_')

const consoleMethod = (level: LogLevel): 'debug' | 'info' | 'warn' | 'error' =>
  RANK[level] <= RANK.DEBUG
    ? 'debug'
    : level === 'INFO'
      ? 'info'
      : level === 'WARN'
        ? 'warn'
        : 'error'

/**
 * Inside Lambda, the runtime replaces the global `console` with one that wraps every line in its
 * own record (JSON format: `{"timestamp","level","requestId","message":"<our line as a string>"}`),
 * so we write through a private Console on the process's stdout/stderr, as Powertools Logger does:
 * the line reaches CloudWatch as one JSON object, and Lambda filters it on our `level` field.
 * Everywhere else we write through the global `console`, looked up per line, because that is what
 * the test harness and `npm start` capture per invocation (shared/src/harness/log-capture.ts).
 */
export const defaultWriter = (env: NonNullable<LoggerOptions['env']> = process.env): LineWriter => {
  if (inLambdaRuntime(env)) {
    const direct = new Console({ stdout: process.stdout, stderr: process.stderr })
    return (level, line) => direct[consoleMethod(level)](line)
  }
  return (level, line) => console[consoleMethod(level)](line)
}

/** Errors become `{ name, message, stack, ...own fields, cause }` instead of `{}`. */
const serializable = (seen: WeakSet<object>) =>
  function replace(this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString()
    if (!(value instanceof Error)) return value
    // Our replacement is a new object each time, so JSON.stringify cannot see a cycle of causes.
    if (seen.has(value)) return `[Circular ${value.name}]`
    seen.add(value)
    return {
      ...value,
      name: value.name,
      message: value.message,
      stack: value.stack,
      cause: value.cause,
    }
  }

const format = (head: LogFields, fields: LogFields | undefined, extra: LogFields): string => {
  // Spread (not assignment) so a `__proto__` field stays a field; `head` last so no field can
  // overwrite the level, time or request id, and first so those lead the line.
  const entry = { ...head, ...fields, ...extra, ...head }
  try {
    return JSON.stringify(entry, serializable(new WeakSet()))
  } catch (error) {
    // A log call never throws: print what we can and say why the rest is missing.
    return JSON.stringify({
      ...head,
      logError: `fields not serialisable: ${(error as Error).message}`,
    })
  }
}

/**
 * One JSON object per line with Lambda's JSON log field names: `timestamp`, `level`, `requestId`
 * (inside `withRequestId`), `message`, then the fields. A line below the level costs one
 * comparison: nothing is built, lazy fields are not called.
 */
export const createLogger = (options: LoggerOptions = {}): Logger => {
  const env = options.env ?? process.env
  const level = options.level ?? levelFromEnvironment(env)
  const threshold = RANK[level]
  const write = options.write ?? defaultWriter(env)
  const extra = options.fields ?? {}

  const method =
    (at: LogLevel): LogMethod =>
    (message, fields) => {
      if (RANK[at] < threshold) return
      const head = {
        timestamp: new Date().toISOString(),
        level: at,
        requestId: currentRequestId(),
        message,
      }
      write(at, format(head, typeof fields === 'function' ? fields() : fields, extra))
    }

  return {
    level,
    enabled: (at) => RANK[at] >= threshold,
    trace: method('TRACE'),
    debug: method('DEBUG'),
    info: method('INFO'),
    warn: method('WARN'),
    error: method('ERROR'),
    fatal: method('FATAL'),
  }
}
