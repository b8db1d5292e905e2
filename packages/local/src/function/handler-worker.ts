/**
 * One handler's execution environment: a worker thread with its own `process.env` (the
 * declaration's), its own module graph (so an edit is picked up by starting a fresh worker)
 * and the harness's `invoke` for context, timeout and per-invocation log capture.
 */
import { pathToFileURL } from 'node:url'
import { getHeapStatistics } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import { type InvocableHandler, invoke, toLambdaError } from '@repo/shared/harness'
import type { InvocationOutcome, InvokeRequest, WorkerMessage } from './invocation.ts'

export interface HandlerWorkerData {
  entry: string
  functionName: string
  memorySize: number
  timeoutSeconds: number
  region: string
  accountId: string
}

const data = workerData as HandlerWorkerData
const port = parentPort
if (!port) throw new Error('handler-worker.ts runs only as a worker thread')
const post = (message: WorkerMessage) => port.postMessage(message)

const started = performance.now()
let handler: InvocableHandler<unknown, unknown> | undefined
let initError: unknown
try {
  const module = (await import(pathToFileURL(data.entry).href)) as { handler?: unknown }
  if (typeof module.handler !== 'function') {
    throw Object.assign(new Error(`${data.entry} does not export a function named "handler"`), {
      name: 'Runtime.HandlerNotFound',
    })
  }
  handler = module.handler as InvocableHandler<unknown, unknown>
} catch (error) {
  // Lambda keeps failing every invocation with the init error; so does this worker.
  initError = error
  console.error(`INIT failed: ${(error as Error)?.message ?? String(error)}`)
}
let initDurationMs: number | undefined = performance.now() - started
post({ type: 'ready', initDurationMs })

const heapMb = () => Math.ceil(getHeapStatistics().used_heap_size / 1024 / 1024)

// Lambda serialises results as JSON; so does this, which also makes them cloneable.
const asJson = (value: unknown): unknown =>
  value === undefined ? null : JSON.parse(JSON.stringify(value))

port.on('message', async (request: InvokeRequest) => {
  const init = initDurationMs
  initDurationMs = undefined
  const base = {
    awsRequestId: request.awsRequestId,
    ...(init !== undefined && { initDurationMs: init }),
  }
  if (!handler) {
    const error = toLambdaError(initError)
    post({
      type: 'result',
      id: request.id,
      outcome: {
        ...base,
        status: 'error',
        error,
        durationMs: 0,
        maxMemoryUsedMb: heapMb(),
        logs: [],
      },
    })
    return
  }
  const run = await invoke(handler, request.event, {
    functionName: data.functionName,
    memoryLimitInMB: data.memorySize,
    timeoutSeconds: data.timeoutSeconds,
    awsRequestId: request.awsRequestId,
    region: data.region,
    accountId: data.accountId,
  })
  const common = { ...base, durationMs: run.durationMs, maxMemoryUsedMb: heapMb(), logs: run.logs }
  let outcome: InvocationOutcome
  if (run.status === 'success') {
    try {
      outcome = { ...common, status: 'success', result: asJson(run.result) }
    } catch (error) {
      outcome = { ...common, status: 'error', error: toLambdaError(error) }
    }
  } else {
    outcome = { ...common, status: run.status, error: run.error }
  }
  post({ type: 'result', id: request.id, outcome })
})
