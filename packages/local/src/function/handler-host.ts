import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import { Worker } from 'node:worker_threads'
import { ACCOUNT_ID, REGION } from '../emulators/emulators.ts'
import type { LocalHandler } from './discover.ts'
import type { HandlerWorkerData } from './handler-worker.ts'
import type { InvocationOutcome, InvokeRequest, WorkerMessage } from './invocation.ts'

interface Running {
  worker: Worker
  pending: Map<number, (outcome: InvocationOutcome) => void>
  /** Resolves once `pending` is empty (checked whenever an invocation settles). */
  drained(): Promise<void>
}

export interface HandlerHostOptions {
  env: Record<string, string>
  /** Lines the handler writes outside an invocation (cold start) and the worker's own. */
  onStdio(line: string, stream: 'stdout' | 'stderr'): void
}

/**
 * Runs one handler in a worker thread and swaps in a fresh worker on `reload()`: a new worker
 * imports the whole module graph again, so an edit to any file of the handler takes effect.
 * Invocations already running finish in the old worker.
 */
export class HandlerHost {
  readonly handler: LocalHandler
  readonly #options: HandlerHostOptions
  #current: Promise<Running> | undefined
  #nextId = 1
  #liveWorker: Worker | undefined

  constructor(handler: LocalHandler, options: HandlerHostOptions) {
    this.handler = handler
    this.#options = options
  }

  /** Loads the handler (its cold start); resolves when it can take invocations. */
  start(): Promise<void> {
    this.#current = this.#spawn()
    return this.#current.then(() => undefined)
  }

  async reload(): Promise<void> {
    const previous = this.#current
    const next = this.#spawn()
    await next
    this.#current = next
    if (previous) void this.#retire(await previous)
  }

  async invoke(event: unknown, awsRequestId: string = randomUUID()): Promise<InvocationOutcome> {
    this.#current ??= this.#spawn()
    const running = await this.#current
    const id = this.#nextId++
    return new Promise((resolve) => {
      running.pending.set(id, resolve)
      const request: InvokeRequest = { type: 'invoke', id, event, awsRequestId }
      running.worker.postMessage(request)
    })
  }

  async stop(): Promise<void> {
    const running = await this.#current
    await running?.worker.terminate()
  }

  async #retire(running: Running): Promise<void> {
    await running.drained()
    await running.worker.terminate()
  }

  #spawn(): Promise<Running> {
    const { declaration, entry, name } = this.handler
    const workerData: HandlerWorkerData = {
      entry,
      functionName: name,
      memorySize: declaration.function.memorySize,
      timeoutSeconds: declaration.function.timeout,
      region: REGION,
      accountId: ACCOUNT_ID,
    }
    const worker = new Worker(new URL('./handler-worker.ts', import.meta.url), {
      workerData,
      // The handler sees the environment Lambda would give it, not the runner's.
      env: { ...pickSystemEnv(), ...this.#options.env },
      stdout: true,
      stderr: true,
    })
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: worker[stream] }).on('line', (line) =>
        this.#options.onStdio(line, stream),
      )
    }
    const pending = new Map<number, (outcome: InvocationOutcome) => void>()
    const waitingForDrain = new Set<() => void>()
    const settled = () => {
      if (pending.size > 0) return
      for (const resolve of waitingForDrain) resolve()
      waitingForDrain.clear()
    }
    const drained = () => {
      if (pending.size === 0) return Promise.resolve()
      const { promise, resolve } = Promise.withResolvers<void>()
      waitingForDrain.add(resolve)
      return promise
    }
    return new Promise((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          this.#liveWorker = worker
          resolve({ worker, pending, drained })
        } else {
          pending.get(message.id)?.(message.outcome)
          pending.delete(message.id)
          settled()
        }
      })
      const failPending = (errorMessage: string) => {
        for (const [id, settle] of pending) {
          settle({
            awsRequestId: '',
            status: 'error',
            error: { errorType: 'Runtime.ExitError', errorMessage },
            durationMs: 0,
            maxMemoryUsedMb: 0,
            logs: [],
          })
          pending.delete(id)
        }
        settled()
      }
      worker.on('error', (error) => {
        reject(error)
        failPending(`RequestId: the function crashed: ${error.message}`)
      })
      // A crashed environment is replaced on the next invocation, as Lambda does.
      worker.on('exit', (code) => {
        failPending(`Runtime exited with error: exit status ${code}`)
        if (this.#liveWorker === worker) this.#current = undefined
      })
    })
  }
}

/** What a Lambda environment also has: PATH, HOME, TZ (Lambda runs in UTC), NODE_OPTIONS. */
const pickSystemEnv = (): Record<string, string> => {
  const kept: Record<string, string> = { TZ: 'UTC' }
  for (const name of ['PATH', 'HOME', 'NODE_OPTIONS', 'NO_COLOR', 'FORCE_COLOR']) {
    const value = process.env[name]
    if (value !== undefined) kept[name] = value
  }
  return kept
}
