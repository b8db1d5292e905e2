import type { CapturedLog, LambdaErrorPayload } from '@repo/shared/harness'
import type { AttemptRecord, InvocationObserver } from '../../function/runtime.ts'
import type { AsyncInvocationResult } from '../../triggers/async-invoke/async-invoker.ts'

/** How many invocations the console remembers; older ones fall off. */
export const JOURNAL_CAPACITY = 300
/** And how many bytes of events and results at most (an event can be 6 MB). */
export const JOURNAL_BYTES = 64 * 1024 * 1024

/** Roughly what an entry holds: its event and each attempt's result or error, as JSON. */
const jsonBytes = (value: unknown): number => {
  try {
    return JSON.stringify(value)?.length ?? 0
  } catch {
    return 0
  }
}

export type InvocationStatus = 'running' | 'retrying' | 'success' | 'error' | 'timeout' | 'failed'

export interface AttemptView {
  attempt: number
  startedAt: number
  endedAt: number
  /** Time since the previous attempt ended: Lambda's retry wait (scaled by --time-scale). */
  waitedMs?: number
  status: 'success' | 'error' | 'timeout'
  durationMs: number
  initDurationMs?: number
  maxMemoryUsedMb: number
  report: string
  logs: CapturedLog[]
  result?: unknown
  error?: LambdaErrorPayload
}

export interface InvocationEntry {
  /** The request ID, shared by every attempt of an asynchronous invocation. */
  id: string
  handler: string
  source: string
  mode: 'sync' | 'async'
  startedAt: number
  event: unknown
  status: InvocationStatus
  attempts: AttemptView[]
  /** How an asynchronous invocation ended, and the destination record it left. */
  settled?: { condition: string; attempts: number; onFailureQueue?: string; messageId?: string }
}

/** One row of the live table: no event, logs or result. */
export const summaryOf = (entry: InvocationEntry) => {
  const last = entry.attempts.at(-1)
  return {
    id: entry.id,
    handler: entry.handler,
    source: entry.source,
    mode: entry.mode,
    startedAt: entry.startedAt,
    status: entry.status,
    attempts: entry.attempts.length,
    durationMs: last?.durationMs,
    initDurationMs: entry.attempts.find((one) => one.initDurationMs !== undefined)?.initDurationMs,
    maxMemoryUsedMb: last?.maxMemoryUsedMb,
    condition: entry.settled?.condition,
  }
}

export type InvocationSummary = ReturnType<typeof summaryOf>

/**
 * Every invocation the runtime makes, newest last, bounded: the console's Invocations view and
 * its live stream. Attempts of one asynchronous invocation share a request ID and one entry.
 */
export class InvocationJournal implements InvocationObserver {
  readonly #entries = new Map<string, InvocationEntry>()
  readonly #listeners = new Set<(summary: InvocationSummary) => void>()
  readonly #bytes = new Map<string, number>()
  #totalBytes = 0
  readonly #limits: { capacity: number; bytes: number }

  constructor(limits: { capacity?: number; bytes?: number } = {}) {
    this.#limits = {
      capacity: limits.capacity ?? JOURNAL_CAPACITY,
      bytes: limits.bytes ?? JOURNAL_BYTES,
    }
  }
  /** Each handler's last REPORT line. */
  readonly lastReports = new Map<string, string>()

  attempt(record: AttemptRecord): void {
    const { outcome } = record
    const entry = this.#entries.get(outcome.awsRequestId) ?? {
      id: outcome.awsRequestId,
      handler: record.handler,
      source: record.source,
      mode: record.async ? 'async' : 'sync',
      startedAt: record.startedAt,
      event: record.event,
      status: 'running',
      attempts: [],
    }
    const previous = entry.attempts.at(-1)
    entry.attempts.push({
      attempt: entry.attempts.length + 1,
      startedAt: record.startedAt,
      endedAt: record.startedAt + outcome.durationMs,
      ...(previous && { waitedMs: Math.max(0, record.startedAt - previous.endedAt) }),
      status: outcome.status,
      durationMs: outcome.durationMs,
      ...(outcome.initDurationMs !== undefined && { initDurationMs: outcome.initDurationMs }),
      maxMemoryUsedMb: outcome.maxMemoryUsedMb,
      report: record.report,
      logs: outcome.logs,
      ...(outcome.status === 'success' ? { result: outcome.result } : { error: outcome.error }),
    })
    entry.status =
      outcome.status === 'success' ? 'success' : record.async ? 'retrying' : outcome.status
    this.lastReports.set(record.handler, record.report)
    this.#store(
      entry,
      (entry.attempts.length === 1 ? jsonBytes(record.event) : 0) +
        jsonBytes(outcome.status === 'success' ? outcome.result : outcome.error),
    )
  }

  asyncSettled(handler: string, result: AsyncInvocationResult, onFailureQueue?: string): void {
    const entry = this.#entries.get(result.awsRequestId)
    // An event dropped for its age before a first attempt never reached the journal.
    if (!entry || entry.handler !== handler) return
    entry.status = result.condition === 'Success' ? 'success' : 'failed'
    entry.settled = {
      condition: result.condition,
      attempts: result.attempts,
      ...(result.sentToOnFailure !== undefined &&
        onFailureQueue !== undefined && { onFailureQueue, messageId: result.sentToOnFailure }),
    }
    this.#store(entry, 0)
  }

  #store(entry: InvocationEntry, addedBytes: number): void {
    // Re-inserting moves the entry to the end, so the oldest untouched one is evicted first.
    this.#entries.delete(entry.id)
    this.#entries.set(entry.id, entry)
    this.#bytes.set(entry.id, (this.#bytes.get(entry.id) ?? 0) + addedBytes)
    this.#totalBytes += addedBytes
    for (const id of this.#entries.keys()) {
      const full =
        this.#entries.size > this.#limits.capacity || this.#totalBytes > this.#limits.bytes
      if (!full || id === entry.id) break
      this.#entries.delete(id)
      this.#totalBytes -= this.#bytes.get(id) ?? 0
      this.#bytes.delete(id)
    }
    const summary = summaryOf(entry)
    for (const listener of this.#listeners) listener(summary)
  }

  get(id: string): InvocationEntry | undefined {
    return this.#entries.get(id)
  }

  summaries(): InvocationSummary[] {
    return [...this.#entries.values()].map(summaryOf)
  }

  subscribe(listener: (summary: InvocationSummary) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
