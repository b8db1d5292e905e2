import { triggerOfType } from '@repo/triggers'
import { type Emulators, startEmulators } from '../emulators/emulators.ts'
import { handlerEnvironment, onFailureQueueName, planResources } from '../emulators/resources.ts'
import type { Output } from '../output.ts'
import {
  type AsyncInvocationResult,
  invokeAsynchronously,
} from '../triggers/async-invoke/async-invoker.ts'
import {
  createLogSubscription,
  type LogSubscription,
  lambdaLogLines,
} from '../triggers/logs/subscription.ts'
import type { LocalHandler } from './discover.ts'
import { HandlerHost } from './handler-host.ts'
import type { InvocationOutcome } from './invocation.ts'

export interface HandlerStats {
  invocations: number
  errors: number
}

/** One attempt, as it ended: what the console's invocation journal records. */
export interface AttemptRecord {
  handler: string
  /** What sent the event: `alb`, `rule <name>`, `s3`, `console`, ... */
  source: string
  /** True for an attempt of an asynchronous invocation (more may follow). */
  async: boolean
  event: unknown
  outcome: InvocationOutcome
  report: string
  startedAt: number
}

/** Sees every attempt and how every asynchronous invocation ended. */
export interface InvocationObserver {
  attempt(record: AttemptRecord): void
  asyncSettled(handler: string, result: AsyncInvocationResult, onFailureQueue?: string): void
}

export interface RuntimeOptions {
  handlers: LocalHandler[]
  ports: { aws: number; dynamodb: number }
  timeScale: number
  output: Output
  envOverrides?: Record<string, Record<string, string>>
}

/**
 * The emulators, resources and one worker per handler, with the two ways Lambda invokes a
 * function: synchronously (ALB) and asynchronously with the declared retry policy. Shared by
 * `start` (which adds the triggers) and `invoke` (one invocation).
 */
export class LocalRuntime {
  readonly emulators: Emulators
  readonly handlers: LocalHandler[]
  readonly hosts: Map<string, HandlerHost>
  readonly stats = new Map<string, HandlerStats>()
  readonly #options: RuntimeOptions
  #logSubscription: LogSubscription | undefined
  /** Async invocations still in flight (retries included), so shutdown and tests can wait. */
  readonly inFlight = new Set<Promise<unknown>>()
  readonly observers = new Set<InvocationObserver>()

  private constructor(options: RuntimeOptions, emulators: Emulators) {
    this.#options = options
    this.emulators = emulators
    this.handlers = options.handlers
    this.hosts = new Map(
      options.handlers.map((handler) => [
        handler.name,
        new HandlerHost(handler, {
          env: {
            ...emulators.env,
            AWS_LAMBDA_FUNCTION_NAME: handler.name,
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(handler.declaration.function.memorySize),
            ...handlerEnvironment(handler, emulators),
            ...options.envOverrides?.[handler.name],
          },
          onStdio: (line, stream) =>
            options.output.line(handler.name, line, stream === 'stderr' ? 'warn' : 'info'),
        }),
      ]),
    )
    for (const handler of options.handlers)
      this.stats.set(handler.name, { invocations: 0, errors: 0 })
  }

  static async start(options: RuntimeOptions): Promise<LocalRuntime> {
    const emulators = await startEmulators(planResources(options.handlers), options.ports)
    return new LocalRuntime(options, emulators)
  }

  /** Cold-starts every handler (in parallel, one worker each). */
  async loadHandlers(names: readonly string[] = [...this.hosts.keys()]): Promise<void> {
    await Promise.all(names.map((name) => this.hosts.get(name)?.start()))
  }

  /** Feeds every invocation's log lines to the logs handler's subscription filter. */
  enableLogSubscription(): void {
    const subscriber = this.handlers.find((handler) =>
      handler.declaration.triggers.some((trigger) => trigger.type === 'cloudwatch-logs'),
    )
    if (!subscriber) return
    this.#logSubscription = createLogSubscription({
      subscriber: subscriber.name,
      trigger: triggerOfType(subscriber.declaration, 'cloudwatch-logs'),
      functions: this.handlers.map((handler) => handler.name),
      deliver: (event) => this.invokeAsync(subscriber.name, event, 'cloudwatch-logs'),
    })
  }

  handler(name: string): LocalHandler | undefined {
    return this.handlers.find((handler) => handler.name === name)
  }

  /** One attempt: runs it, prints its logs and REPORT line, counts it. */
  async invokeOnce(
    name: string,
    event: unknown,
    awsRequestId?: string,
    via: { source: string; async: boolean } = { source: 'direct', async: false },
  ): Promise<InvocationOutcome> {
    const host = this.hosts.get(name)
    const handler = this.handler(name)
    if (!host || !handler) throw new Error(`no handler ${name}`)
    const startedAt = Date.now()
    const outcome = await host.invoke(event, awsRequestId)
    const stats = this.stats.get(name) ?? { invocations: 0, errors: 0 }
    stats.invocations++
    if (outcome.status !== 'success') stats.errors++
    this.stats.set(name, stats)
    const { output } = this.#options
    for (const log of outcome.logs) {
      output.line(
        name,
        `${log.level.padEnd(5)} ${log.message}`,
        log.level === 'ERROR' ? 'error' : log.level === 'WARN' ? 'warn' : 'info',
      )
    }
    if (outcome.status !== 'success') {
      output.line(name, `${outcome.error.errorType}: ${outcome.error.errorMessage}`, 'error')
    }
    const report = [
      `REPORT RequestId: ${outcome.awsRequestId}`,
      `Duration: ${outcome.durationMs.toFixed(2)} ms`,
      `Billed Duration: ${Math.max(1, Math.ceil(outcome.durationMs))} ms`,
      `Memory Size: ${handler.declaration.function.memorySize} MB`,
      `Max Memory Used: ${outcome.maxMemoryUsedMb} MB`,
      ...(outcome.initDurationMs !== undefined
        ? [`Init Duration: ${outcome.initDurationMs.toFixed(2)} ms`]
        : []),
      ...(outcome.status === 'timeout' ? ['Status: timeout'] : []),
    ].join('\t')
    output.line(name, report, outcome.status === 'success' ? 'info' : 'error')
    this.#logSubscription?.record(name, lambdaLogLines(outcome, report, startedAt))
    for (const observer of this.observers)
      observer.attempt({ handler: name, ...via, event, outcome, report, startedAt })
    return outcome
  }

  /**
   * An asynchronous invocation from `source` (a trigger): returns at once, as Lambda accepts
   * the event with 202; retries and the on-failure destination follow the declaration.
   */
  invokeAsync(name: string, event: unknown, source: string): Promise<AsyncInvocationResult> {
    const handler = this.handler(name)
    if (!handler) throw new Error(`no handler ${name}`)
    const policy = handler.declaration.asyncPolicy
    const queue = onFailureQueueName(handler)
    const running = invokeAsynchronously(event, {
      functionName: name,
      timeScale: this.#options.timeScale,
      policy: {
        maximumRetryAttempts: policy?.maximumRetryAttempts ?? 2,
        maximumEventAgeInSeconds: policy?.maximumEventAgeInSeconds ?? 21_600,
        ...(queue && {
          onFailure: { sqs: this.emulators.clients.sqs, queueUrl: this.emulators.queueUrl(queue) },
        }),
      },
      invoke: (payload, requestId) =>
        this.invokeOnce(name, payload, requestId, { source, async: true }),
    }).then((result) => {
      if (result.condition !== 'Success') {
        this.#options.output.line(
          name,
          `${source} event ${result.awsRequestId}: ${result.condition} after ${result.attempts} attempt(s)${result.sentToOnFailure ? ` → on-failure queue ${queue}` : ''}`,
          'error',
        )
      }
      for (const observer of this.observers) observer.asyncSettled(name, result, queue)
      return result
    })
    this.inFlight.add(running)
    void running.finally(() => this.inFlight.delete(running))
    return running
  }

  /** Messages waiting in each on-failure queue (ready, delayed or in flight). */
  destinations(): { handler: string; queue: string; url: string; waiting: number }[] {
    return this.handlers.flatMap((handler) => {
      const queue = onFailureQueueName(handler)
      if (!queue) return []
      const inspected = this.emulators.fauxqs.inspectQueue(queue)
      const waiting = inspected
        ? inspected.messages.ready.length +
          inspected.messages.delayed.length +
          inspected.messages.inflight.length
        : 0
      return [{ handler: handler.name, queue, url: this.emulators.queueUrl(queue), waiting }]
    })
  }

  async stop(): Promise<void> {
    this.#logSubscription?.flush()
    await Promise.all([...this.hosts.values()].map((host) => host.stop()))
    await this.emulators.stop()
  }
}
