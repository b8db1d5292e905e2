import { randomBytes, randomUUID } from 'node:crypto'
import type { Context } from 'aws-lambda'
import { type Clock, systemClock } from './clock.ts'
import { DeprecatedContextMethodError, InvalidContextOptionsError } from './errors.ts'

export interface ContextOptions {
  functionName?: string
  /** `$LATEST` or a published version number, as Lambda passes it. */
  functionVersion?: string
  /** Appended to the ARN when the caller invoked an alias or version (`my-fn:live`). */
  qualifier?: string
  memoryLimitInMB?: number
  /**
   * Lambda's timeout, 1–900 s; fractions are allowed for tests on the real clock. Default: Lambda's
   * 3 s, or what `setDefaultInvokeTimeout` set.
   */
  timeoutSeconds?: number
  region?: string
  accountId?: string
  awsRequestId?: string
  clock?: Clock
  /** When the invocation started on `clock` (default: now). Async retries pass their own. */
  startedAt?: number
}

export const defaultFunctionName = 'test-function'
export const defaultRegion = 'us-east-1'
export const defaultAccountId = '123456789012'

export const functionArn = (options: ContextOptions): string => {
  const base = `arn:aws:lambda:${options.region ?? defaultRegion}:${options.accountId ?? defaultAccountId}:function:${options.functionName ?? defaultFunctionName}`
  return options.qualifier ? `${base}:${options.qualifier}` : base
}

const logStreamName = (startedAt: number, version: string): string => {
  const day = new Date(startedAt).toISOString().slice(0, 10).replaceAll('-', '/')
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`
}

const deprecated = (method: string) => (): never => {
  throw new DeprecatedContextMethodError(
    `context.${method}() is gone from current Node.js runtimes: return a value (or throw) from an async handler, or use the callback.`,
  )
}

let defaultTimeoutSeconds = 3

const lambdaTimeout = (seconds: number): number => {
  if (!(seconds > 0 && seconds <= 900)) {
    throw new InvalidContextOptionsError(
      `timeoutSeconds must be in (0, 900] like a Lambda timeout; got ${seconds}.`,
    )
  }
  return seconds
}

/**
 * The timeout a context (and so `invoke` and `invokeAsync`) gets when none is named. It starts as
 * Lambda's default, 3 s. Handler workspaces set their function's declared timeout once, in the
 * setup file `handlerVitestConfig` (vitest.shared.ts) loads, declared-timeout.setup.ts, so every
 * invocation runs under the limit the deployed function has: a slow machine then cannot fail a
 * test on a limit the function does not have.
 */
export const setDefaultInvokeTimeout = (seconds: number): void => {
  defaultTimeoutSeconds = lambdaTimeout(seconds)
}

/** The named timeout, or the default; checked like a Lambda timeout. */
export const timeoutSecondsOf = (options: ContextOptions): number =>
  lambdaTimeout(options.timeoutSeconds ?? defaultTimeoutSeconds)

/** A Lambda `Context` whose countdown runs on the harness clock from `startedAt`. */
export const createContext = (options: ContextOptions = {}): Context => {
  const timeoutSeconds = timeoutSecondsOf(options)
  const clock = options.clock ?? systemClock
  const startedAt = options.startedAt ?? clock.now()
  const deadline = startedAt + timeoutSeconds * 1000
  const functionName = options.functionName ?? defaultFunctionName
  const functionVersion = options.functionVersion ?? '$LATEST'
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion,
    invokedFunctionArn: functionArn(options),
    memoryLimitInMB: String(options.memoryLimitInMB ?? 128),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: logStreamName(startedAt, functionVersion),
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock.now()),
    done: deprecated('done'),
    fail: deprecated('fail'),
    succeed: deprecated('succeed'),
  }
}
