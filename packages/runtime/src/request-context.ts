import { AsyncLocalStorage } from 'node:async_hooks'
import type { Context } from 'aws-lambda'

interface RequestContext {
  readonly requestId: string
}

// One store per process; each invocation runs inside its own `run`, so concurrent invocations in
// one process (the test harness, `npm start`) never see each other's id.
const storage = new AsyncLocalStorage<RequestContext>()

/** The id of the invocation this code runs for, when it runs inside `withRequestId`. */
export const currentRequestId = (): string | undefined => storage.getStore()?.requestId

/**
 * Binds `context.awsRequestId` for everything the handler does, including timers and I/O it starts,
 * so every log line carries it. Wrap the outermost handler (the Middy chain), once, at module scope:
 *
 *   export const handler = withRequestId(createHandler(deps))
 *
 * A wrapper rather than a Middy middleware: `AsyncLocalStorage.run` scopes the id to exactly this
 * call, whereas `enterWith` from a `before` hook would leak it into whatever shares the caller's
 * async context (two invocations started in one tick would overwrite each other's id).
 */
export const withRequestId =
  <TEvent, TResult>(
    handler: (event: TEvent, context: Context) => Promise<TResult>,
  ): ((event: TEvent, context: Context) => Promise<TResult>) =>
  (event, context) =>
    storage.run({ requestId: context.awsRequestId }, handler, event, context)
