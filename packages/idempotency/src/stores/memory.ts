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
  /** Cleared when the entry leaves the Map: its ring slot is then stale (no lookup to tell). */
  live: boolean
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
 * Memory stays flat: a Map for lookups plus a ring of entries in acquisition order (with one TTL,
 * also expiry order). Inserting into a full store drops the oldest entry; every 64th insert also
 * sweeps up to two expired entries off the front, so a quiet container shrinks. (Evicting from the
 * front of the Map itself is O(deleted entries) in V8, hence the ring.) A new key costs one lookup,
 * one insert and, when full, one delete. The ring is reused (no per-call array growth or copies to
 * be collected): what a full store allocates per call is the entry it keeps and its strings.
 */
export class MemoryStore implements IdempotencyStore {
  readonly maxEntries: number
  readonly #entries = new Map<string, Entry>()
  /** Entries from #head on, #count slots, wrapping around; a slot is stale once its entry is gone. */
  #ring: (Entry | undefined)[] = []
  #head = 0
  #count = 0
  #inserts = 0

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
    if (existing !== undefined) {
      if (existing.expiresAt > request.now) {
        return { acquired: false, record: toRecord(existing) }
      }
      // Taken again after expiry: the newest acquisition, so it goes to the end of the order.
      this.#delete(existing)
    }
    const entry: Entry = {
      key: request.key,
      status: 'IN_PROGRESS',
      owner: request.owner,
      expiresAt: request.expiresAt,
      fingerprint: request.fingerprint,
      resultJson: undefined,
      live: true,
    }
    this.#enqueue(entry)
    this.#entries.set(request.key, entry)
    if (this.#entries.size > this.maxEntries) this.#delete(this.#oldest() as Entry)
    if (++this.#inserts % 64 === 0) this.#sweep(request.now)
    return ACQUIRED
  }

  complete(request: CompleteRequest): boolean {
    const entry = this.#entries.get(request.key)
    if (entry === undefined || entry.owner !== request.owner || entry.status !== 'IN_PROGRESS') {
      return false
    }
    const resultJson = encodeResult(request.result)
    // A result's toJSON may call back into this store and get this entry evicted: then the lock is
    // gone, as if it had been taken over, and nothing is stored.
    if (!entry.live) return false
    entry.resultJson = resultJson
    entry.status = 'COMPLETED'
    entry.expiresAt = request.expiresAt
    return true
  }

  release(key: string, owner: string): boolean {
    const entry = this.#entries.get(key)
    if (entry === undefined || entry.owner !== owner || entry.status !== 'IN_PROGRESS') return false
    this.#delete(entry)
    return true
  }

  get(key: string, now: number): IdempotencyRecord | undefined {
    const entry = this.#entries.get(key)
    return entry !== undefined && entry.expiresAt > now ? toRecord(entry) : undefined
  }

  #delete(entry: Entry): void {
    this.#entries.delete(entry.key)
    entry.live = false
  }

  /** Drops up to two expired entries off the front (oldest first); stops at a live one. */
  #sweep(now: number): void {
    for (let i = 0; i < 2; i++) {
      const entry = this.#oldest()
      if (entry === undefined || entry.expiresAt > now) return
      this.#delete(entry)
    }
  }

  /** The oldest entry still held, after dropping the stale slots before it; undefined when empty. */
  #oldest(): Entry | undefined {
    while (this.#count > 0) {
      const entry = this.#ring[this.#head] as Entry
      if (entry.live) return entry
      this.#ring[this.#head] = undefined
      this.#head = this.#head + 1 === this.#ring.length ? 0 : this.#head + 1
      this.#count--
    }
    return undefined
  }

  /** Call before the entry enters the Map: a rebuild copies the Map's entries. */
  #enqueue(entry: Entry): void {
    if (this.#count === this.#ring.length) {
      // Every slot is taken, stale ones included (keys released or taken again): start a ring of
      // the live entries, which the Map holds in acquisition order, with room for as many again
      // (so this runs at most once per that many inserts; a full store's ring never fills).
      const live = [...this.#entries.values()]
      const ring: (Entry | undefined)[] = new Array(Math.max(64, 2 * live.length + 2))
      for (let i = 0; i < live.length; i++) ring[i] = live[i]
      this.#ring = ring
      this.#head = 0
      this.#count = live.length
    }
    const tail = this.#head + this.#count
    this.#ring[tail < this.#ring.length ? tail : tail - this.#ring.length] = entry
    this.#count++
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
