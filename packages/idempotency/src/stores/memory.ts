import type {
  AcquireOutcome,
  AcquireRequest,
  CompleteRequest,
  IdempotencyRecord,
  IdempotencyStore,
  RecordStatus,
} from './store.ts'
import { decodeResult, encodeResult } from './store.ts'

export interface MemoryStoreOptions {
  /** Upper bound on entries held (default 10 000). The oldest-written entry goes first when full. */
  maxEntries?: number
}

type Text = string | undefined

/**
 * In-process store: one Lambda container only, so it dedupes retries that land on a warm container
 * and concurrent calls inside one process. Use DynamoDBStore when duplicates may reach other containers.
 * It answers synchronously (each call is atomic in one thread), so the middleware needs no promise.
 *
 * Memory stays flat. Entries live in columns, one reused array per field, indexed by slot, and a Map
 * finds a key's slot. The slots form a ring in acquisition order (with one TTL, also expiry order):
 * inserting into a full store drops the oldest entry, and every 64th insert also sweeps up to two
 * expired entries off the front, so a quiet container shrinks. (Evicting from the front of the Map
 * itself is O(deleted entries) in V8, hence the ring.) A new key costs one lookup, one insert and,
 * when full, one delete, and allocates no entry object: what it keeps is its strings (key, owner
 * token, result JSON), written into slots that already exist.
 */
export class MemoryStore implements IdempotencyStore {
  readonly maxEntries: number
  /** Key → slot, for every entry held. */
  readonly #slots = new Map<string, number>()
  // The columns, made by #rebuild. Slots from #head on, #count of them wrapping around, are in
  // acquisition order; a slot whose key is undefined is stale (released, evicted or taken again).
  #keys!: Text[]
  #owners!: Text[]
  #statuses!: (RecordStatus | undefined)[]
  /** A typed array: numbers kept without a heap box each. */
  #expiresAt!: Float64Array
  #fingerprints!: Text[]
  /** The result's JSON once COMPLETED (undefined while IN_PROGRESS, or when the handler returned undefined). */
  #results!: Text[]
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
    this.#rebuild()
  }

  get size(): number {
    return this.#slots.size
  }

  acquire(request: AcquireRequest): AcquireOutcome {
    const held = this.#slots.get(request.key)
    if (held !== undefined) {
      if ((this.#expiresAt[held] as number) > request.now) {
        return { acquired: false, record: this.#record(held) }
      }
      // Taken again after expiry: the newest acquisition, so it goes to the end of the order.
      this.#free(held)
    }
    this.#slots.set(request.key, this.#append(request))
    if (this.#slots.size > this.maxEntries) this.#free(this.#oldest() as number)
    if (++this.#inserts % 64 === 0) this.#sweep(request.now)
    return ACQUIRED
  }

  complete(request: CompleteRequest): boolean {
    // Encoded before the lock is looked up (as DynamoDBStore must): a result's toJSON may call back
    // into this store and get the lock evicted (then it is lost, as if taken over) or moved.
    const resultJson = encodeResult(request.result)
    const slot = this.#slots.get(request.key)
    if (slot === undefined || !this.#lockedBy(slot, request.owner)) return false
    this.#results[slot] = resultJson
    this.#statuses[slot] = 'COMPLETED'
    this.#expiresAt[slot] = request.expiresAt
    return true
  }

  release(key: string, owner: string): boolean {
    const slot = this.#slots.get(key)
    if (slot === undefined || !this.#lockedBy(slot, owner)) return false
    this.#free(slot)
    return true
  }

  get(key: string, now: number): IdempotencyRecord | undefined {
    const slot = this.#slots.get(key)
    return slot !== undefined && (this.#expiresAt[slot] as number) > now
      ? this.#record(slot)
      : undefined
  }

  /** The slot's entry is a lock taken by this owner and not yet completed. */
  #lockedBy(slot: number, owner: string): boolean {
    return this.#owners[slot] === owner && this.#statuses[slot] === 'IN_PROGRESS'
  }

  #record(slot: number): IdempotencyRecord {
    return {
      status: this.#statuses[slot] as RecordStatus,
      expiresAt: this.#expiresAt[slot] as number,
      fingerprint: this.#fingerprints[slot],
      result: decodeResult(this.#results[slot]),
    }
  }

  /** Forgets the slot's entry; its strings are dropped so they can be collected. */
  #free(slot: number): void {
    this.#slots.delete(this.#keys[slot] as string)
    this.#keys[slot] = undefined
    this.#owners[slot] = undefined
    this.#fingerprints[slot] = undefined
    this.#results[slot] = undefined
  }

  /** Drops up to two expired entries off the front (oldest first); stops at a live one. */
  #sweep(now: number): void {
    for (let i = 0; i < 2; i++) {
      const slot = this.#oldest()
      if (slot === undefined || (this.#expiresAt[slot] as number) > now) return
      this.#free(slot)
    }
  }

  /** The oldest slot still held, after dropping the stale slots before it; undefined when empty. */
  #oldest(): number | undefined {
    while (this.#count > 0) {
      if (this.#keys[this.#head] !== undefined) return this.#head
      this.#head = this.#head + 1 === this.#keys.length ? 0 : this.#head + 1
      this.#count--
    }
    return undefined
  }

  /** Writes a new IN_PROGRESS entry at the end of the ring; returns its slot. */
  #append(request: AcquireRequest): number {
    if (this.#count === this.#keys.length) this.#rebuild()
    const end = this.#head + this.#count++
    const slot = end < this.#keys.length ? end : end - this.#keys.length
    this.#keys[slot] = request.key
    this.#owners[slot] = request.owner
    this.#statuses[slot] = 'IN_PROGRESS'
    this.#expiresAt[slot] = request.expiresAt
    this.#fingerprints[slot] = request.fingerprint
    this.#results[slot] = undefined
    return slot
  }

  /**
   * Makes the first columns and, once every slot is taken, stale ones included (keys released or
   * taken again), moves the live entries in order into new columns with room for as many again (so
   * this runs at most once per that many inserts; a full store's ring never fills), pointing the
   * Map at their new slots.
   */
  #rebuild(): void {
    const capacity = Math.max(64, 2 * this.#slots.size)
    const keys = column<string>(capacity)
    const owners = column<string>(capacity)
    const statuses = column<RecordStatus>(capacity)
    const expiresAt = new Float64Array(capacity)
    const fingerprints = column<string>(capacity)
    const results = column<string>(capacity)
    let kept = 0
    for (let i = 0, from = this.#head; i < this.#count; i++) {
      const key = this.#keys[from]
      if (key !== undefined) {
        keys[kept] = key
        owners[kept] = this.#owners[from]
        statuses[kept] = this.#statuses[from]
        expiresAt[kept] = this.#expiresAt[from] as number
        fingerprints[kept] = this.#fingerprints[from]
        results[kept] = this.#results[from]
        this.#slots.set(key, kept++)
      }
      from = from + 1 === this.#keys.length ? 0 : from + 1
    }
    this.#keys = keys
    this.#owners = owners
    this.#statuses = statuses
    this.#expiresAt = expiresAt
    this.#fingerprints = fingerprints
    this.#results = results
    this.#head = 0
    this.#count = kept
  }
}

// Shared: callers only read it, and the hot path then allocates nothing for it.
const ACQUIRED: AcquireOutcome = Object.freeze({ acquired: true })

/** Sized up front: the slots are written in any order once the ring wraps. */
const column = <T>(capacity: number): (T | undefined)[] => new Array(capacity)
