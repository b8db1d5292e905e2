import type {
  AcquireOutcome,
  AcquireRequest,
  CompleteRequest,
  IdempotencyRecord,
  IdempotencyStore,
  RecordStatus,
} from './store.ts'
import { decodeResult, encodeResult } from './store.ts'

interface Entry {
  readonly key: string
  status: RecordStatus
  owner: string
  expiresAt: number
  fingerprint: string | undefined
  resultJson: string | undefined
  /** Acquisition order, for rebuilding the queue (a re-acquired key keeps its old Map position). */
  readonly seq: number
}

export interface MemoryStoreOptions {
  /** Upper bound on entries held (default 10 000). The oldest-written entry goes first when full. */
  maxEntries?: number
}

/**
 * In-process store: one Lambda container only, so it dedupes retries that land on a warm container
 * and concurrent calls inside one process. Use DynamoDBStore when duplicates may reach other containers.
 * It answers synchronously (each call is atomic in one thread), so the middleware needs no promise.
 *
 * Memory stays flat: a Map for lookups plus a FIFO of entries in acquisition order (with one TTL,
 * also expiry order); a queued entry is stale once its key was released or acquired again. Inserting into a full store drops the oldest entry; every 64th insert also sweeps
 * expired entries off the front, so a quiet container shrinks. (Evicting from the front of the Map
 * itself is O(deleted entries) in V8, hence the separate queue.)
 */
export class MemoryStore implements IdempotencyStore {
  readonly maxEntries: number
  readonly #entries = new Map<string, Entry>()
  #queue: Entry[] = []
  #head = 0
  #seq = 0

  constructor(options: MemoryStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RangeError(
        `MemoryStore maxEntries must be a positive integer, got ${this.maxEntries}`,
      )
    }
  }

  get size(): number {
    return this.#entries.size
  }

  acquire(request: AcquireRequest): AcquireOutcome {
    const existing = this.#entries.get(request.key)
    if (existing !== undefined && existing.expiresAt > request.now) {
      return { acquired: false, record: toRecord(existing) }
    }
    const seq = ++this.#seq
    const entry: Entry = {
      key: request.key,
      status: 'IN_PROGRESS',
      owner: request.owner,
      expiresAt: request.expiresAt,
      fingerprint: request.fingerprint,
      resultJson: undefined,
      seq,
    }
    this.#entries.set(request.key, entry)
    this.#queue.push(entry)
    this.#evict(request.now, seq)
    return ACQUIRED
  }

  complete(request: CompleteRequest): boolean {
    const entry = this.#entries.get(request.key)
    if (entry === undefined || entry.owner !== request.owner || entry.status !== 'IN_PROGRESS') {
      return false
    }
    entry.resultJson = encodeResult(request.result)
    entry.status = 'COMPLETED'
    entry.expiresAt = request.expiresAt
    return true
  }

  release(key: string, owner: string): boolean {
    const entry = this.#entries.get(key)
    if (entry === undefined || entry.owner !== owner || entry.status !== 'IN_PROGRESS') return false
    this.#entries.delete(key)
    return true
  }

  get(key: string, now: number): IdempotencyRecord | undefined {
    const entry = this.#entries.get(key)
    return entry !== undefined && entry.expiresAt > now ? toRecord(entry) : undefined
  }

  #evict(now: number, seq: number): void {
    const sweep = seq % 64 === 0
    if (this.#entries.size <= this.maxEntries && !sweep) return
    let sweeps = 2
    while (this.#head < this.#queue.length) {
      const entry = this.#queue[this.#head] as Entry
      const live = this.#entries.get(entry.key) === entry
      if (
        live &&
        this.#entries.size <= this.maxEntries &&
        (sweeps-- === 0 || entry.expiresAt > now)
      )
        break
      if (live) this.#entries.delete(entry.key)
      this.#head++
    }
    this.#compactQueue()
  }

  #compactQueue(): void {
    const queued = this.#queue.length - this.#head
    if (queued > 2 * this.maxEntries + 1024) {
      // Stale slots piled up (keys released or re-acquired): rebuild from the live entries.
      this.#queue = [...this.#entries.values()].sort((a, b) => a.seq - b.seq)
      this.#head = 0
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
  }
}

// Shared: callers only read it, and the hot path then allocates nothing for it.
const ACQUIRED: AcquireOutcome = Object.freeze({ acquired: true })

const toRecord = (entry: Entry): IdempotencyRecord => ({
  status: entry.status,
  expiresAt: entry.expiresAt,
  fingerprint: entry.fingerprint,
  result: entry.status === 'COMPLETED' ? decodeResult(entry.resultJson) : undefined,
})
