import { cloudWatchLogsEvent } from '@repo/shared'
import type { CloudWatchLogsTrigger, DeepReadonly } from '@repo/triggers'
import type { CloudWatchLogsEvent } from 'aws-lambda'
import { ACCOUNT_ID } from '../../emulators/emulators.ts'
import type { InvocationOutcome } from '../../function/invocation.ts'
import { compileFilterPattern } from './filter-pattern.ts'

/** CloudWatch Logs sends a subscription's batch about once a second; locally we wait this long. */
export const LOG_BATCH_WINDOW_MS = 500
const MAX_EVENTS_PER_BATCH = 10_000

/** The lines Lambda writes to a function's log group for one invocation. */
export const lambdaLogLines = (
  outcome: InvocationOutcome,
  report: string,
  startedAt: number,
): { timestamp: number; message: string }[] => {
  const id = outcome.awsRequestId
  const at = (offset: number) => startedAt + offset
  return [
    { timestamp: at(0), message: `START RequestId: ${id} Version: $LATEST` },
    ...outcome.logs.map((log) => ({
      timestamp: at(0),
      message: `${new Date(at(0)).toISOString()}\t${id}\t${log.level}\t${log.message}`,
    })),
    ...(outcome.status === 'success'
      ? []
      : [
          {
            timestamp: at(outcome.durationMs),
            message: `${new Date(at(outcome.durationMs)).toISOString()}\t${id}\tERROR\tInvoke Error \t${JSON.stringify(outcome.error)}`,
          },
        ]),
    { timestamp: at(outcome.durationMs), message: `END RequestId: ${id}` },
    { timestamp: at(outcome.durationMs), message: report },
  ]
}

export interface LogSubscriptionOptions {
  /** The logs handler (it never receives its own lines). */
  subscriber: string
  trigger: DeepReadonly<CloudWatchLogsTrigger>
  /** Local function names; when the declared group is one of theirs, only it is subscribed. */
  functions: readonly string[]
  deliver(event: CloudWatchLogsEvent): void
}

export interface LogSubscription {
  /** Feeds one invocation's lines from `source`. */
  record(source: string, lines: { timestamp: number; message: string }[]): void
  flush(): void
}

/**
 * A subscription filter over the local functions' log groups: lines matching the pattern are
 * gathered per group and delivered as gzip batches (`awslogs.data`), as CloudWatch Logs does.
 * The declared group is `/aws/lambda/<name>`: if that names a local function, only its lines
 * are sent; otherwise (a function that is not in this repo) every other handler's are, so the
 * subscriber has something to work on locally.
 */
export const createLogSubscription = (options: LogSubscriptionOptions): LogSubscription => {
  const { trigger } = options
  const matches = compileFilterPattern(trigger.filterPattern ?? '')
  const groupName = 'name' in trigger.logGroup ? trigger.logGroup.name : undefined
  const declaredFunction = options.functions.find((name) => `/aws/lambda/${name}` === groupName)
  const pending = new Map<string, { timestamp: number; message: string }[]>()
  let timer: NodeJS.Timeout | undefined

  const flush = () => {
    timer = undefined
    for (const [source, lines] of pending) {
      pending.delete(source)
      for (let start = 0; start < lines.length; start += MAX_EVENTS_PER_BATCH) {
        options.deliver(
          cloudWatchLogsEvent({
            logGroup: `/aws/lambda/${source}`,
            logStream: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]local`,
            owner: ACCOUNT_ID,
            subscriptionFilters: [trigger.filterName],
            logEvents: lines.slice(start, start + MAX_EVENTS_PER_BATCH),
          }),
        )
      }
    }
  }

  return {
    record(source, lines) {
      if (source === options.subscriber) return
      if (declaredFunction !== undefined && source !== declaredFunction) return
      const kept = lines.filter((line) => matches(line.message))
      if (kept.length === 0) return
      pending.set(source, [...(pending.get(source) ?? []), ...kept])
      timer ??= setTimeout(flush, LOG_BATCH_WINDOW_MS)
    },
    flush() {
      if (timer) clearTimeout(timer)
      flush()
    },
  }
}
