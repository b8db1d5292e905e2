import type { Callback, Context } from 'aws-lambda'
import { type Clock, systemClock, VirtualClock } from './clock.ts'
import { type ContextOptions, createContext, timeoutSecondsOf } from './context.ts'
import { type LambdaErrorPayload, timeoutError, toLambdaError } from './lambda-error.ts'
import { type CapturedLog, runCapturingLogs } from './log-capture.ts'

type PromiseHandler<TEvent, TResult> = (
  event: TEvent,
  context: Context,
) => Promise<TResult> | TResult
type CallbackHandler<TEvent, TResult> = (
  event: TEvent,
  context: Context,
  callback: Callback<TResult>,
) => unknown

/** An async handler (a Middy handler too) or a callback-style one. */
export type InvocableHandler<TEvent, TResult> =
  | PromiseHandler<TEvent, TResult>
  | CallbackHandler<TEvent, TResult>

export interface InvokeOptions extends ContextOptions {
  /** Also print captured log lines to the real console. */
  echoLogs?: boolean
  /** See `RunUntilSettledOptions.idleRealMs`; virtual clock only. */
  idleRealMs?: number
}

interface InvocationBase {
  awsRequestId: string
  context: Context
  /** On the harness clock, ms since the epoch. */
  startedAt: number
  /** On the harness clock: zero for a handler that never waits on a virtual clock. */
  durationMs: number
  logs: CapturedLog[]
}

/** `functionError` is Lambda's: "Handled" for `callback(error)`, "Unhandled" for a throw or a timeout. */
export type InvocationResult<TResult> =
  | (InvocationBase & { status: 'success'; result: TResult })
  | (InvocationBase & {
      status: 'error'
      error: LambdaErrorPayload
      functionError: 'Handled' | 'Unhandled'
      thrown: unknown
    })
  | (InvocationBase & { status: 'timeout'; error: LambdaErrorPayload; functionError: 'Unhandled' })

type Settlement<TResult> =
  | { kind: 'success'; result: TResult }
  | { kind: 'error'; thrown: unknown; functionError: 'Handled' | 'Unhandled' }
  | { kind: 'timeout' }

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function'

/**
 * Runs the handler the way Lambda's Node runtime does: the first of its promise or its
 * callback decides the result. A sync handler that takes no callback returns what it returns.
 */
const runHandler = <TEvent, TResult>(
  handler: InvocableHandler<TEvent, TResult>,
  event: TEvent,
  context: Context,
): Promise<Settlement<TResult>> =>
  new Promise((settle) => {
    const callback: Callback<TResult> = (error, result) => {
      if (error !== undefined && error !== null)
        settle({ kind: 'error', thrown: error, functionError: 'Handled' })
      else settle({ kind: 'success', result: result as TResult })
    }
    try {
      const returned = (handler as CallbackHandler<TEvent, TResult>)(event, context, callback)
      if (isThenable(returned)) {
        Promise.resolve(returned).then(
          (result) => settle({ kind: 'success', result: result as TResult }),
          (thrown: unknown) => settle({ kind: 'error', thrown, functionError: 'Unhandled' }),
        )
      } else if (handler.length < 3) {
        settle({ kind: 'success', result: returned as TResult })
      }
    } catch (thrown) {
      settle({ kind: 'error', thrown, functionError: 'Unhandled' })
    }
  })

/**
 * Invokes a handler as Lambda does, with a timeout on the harness clock. A timed-out handler is
 * not stopped (Lambda freezes it; here it keeps running), so its later side effects stay
 * observable to the test. On a `VirtualClock` the clock is driven until the invocation ends.
 */
export const invoke = async <TEvent, TResult>(
  handler: InvocableHandler<TEvent, TResult>,
  event: TEvent,
  options: InvokeOptions = {},
): Promise<InvocationResult<TResult>> => {
  const clock: Clock = options.clock ?? systemClock
  const startedAt = options.startedAt ?? clock.now()
  const timeoutSeconds = timeoutSecondsOf(options)
  const context = createContext({ ...options, timeoutSeconds, clock, startedAt })
  const logs: CapturedLog[] = []

  let cancelTimeout = () => {}
  const timedOut = new Promise<Settlement<TResult>>((settle) => {
    cancelTimeout = clock.schedule(timeoutSeconds * 1000, () => settle({ kind: 'timeout' }), {
      passive: true,
    })
  })
  const handled = runCapturingLogs({ logs, echo: options.echoLogs ?? false }, () =>
    runHandler(handler, event, context),
  )
  const race = Promise.race([handled, timedOut])
  const settlement =
    clock instanceof VirtualClock
      ? await clock.runUntilSettled(race, { idleRealMs: options.idleRealMs })
      : await race
  cancelTimeout()

  const base: InvocationBase = {
    awsRequestId: context.awsRequestId,
    context,
    startedAt,
    durationMs: clock.now() - startedAt,
    logs,
  }
  switch (settlement.kind) {
    case 'success':
      return { ...base, status: 'success', result: settlement.result }
    case 'error':
      return {
        ...base,
        status: 'error',
        error: toLambdaError(settlement.thrown),
        functionError: settlement.functionError,
        thrown: settlement.thrown,
      }
    case 'timeout':
      return {
        ...base,
        status: 'timeout',
        durationMs: timeoutSeconds * 1000,
        error: timeoutError(context.awsRequestId, timeoutSeconds),
        functionError: 'Unhandled',
      }
  }
}
