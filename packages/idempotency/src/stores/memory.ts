import type {
  AcquireOutcome,
  AcquireRequest,
  CompleteRequest,
  IdempotencyRecord,
  IdempotencyStore,
  RecordStatus,
} from './store.ts'
import { checkResultSize, decodeResult, encodeResult } from './store.ts'

interface Entry {
  status: RecordStatus
  /** Only needed while IN_PROGRESS: emptied on completion, so the token is collected young. */
  owner: string
  expiresAt: number
  fingerprint: string | undefined
  resultJson: string | undefined
  /** Which generation holds it (see #generation). */
  generation: number
}

export interface MemoryStoreOptions {
  /**
   * Upper bound on entries held (default 10 000). They are kept in two generations of half as
   * many: of the newest half of the acquisitions, all that are neither expired nor released are held.
   */
  maxEntries?: number
  /**
   * About the most result JSON held, in UTF-16 code units (V8 keeps one byte each for Latin-1
   * text, two otherwise). Default 16 Mi: 16 to 32 MiB. A generation is also full once its
   * results reach half of this (it may pass that by the result that filled it, and by results of
   * locks it held that complete after it became the older one).
   */
  maxResultChars?: number
}

/**
 * In-process store: one Lambda container only, so it dedupes retries that land on a warm container
 * and concurrent calls inside one process. Use DynamoDBStore when duplicates may reach other containers.
 * It answers synchronously (each call is atomic in one thread), so the middleware needs no promise.
 *
 * Memory stays flat, in two generations: two Maps of at most maxEntries/2 entries (rounded up), or
 * about maxResultChars/2 of result JSON. New entries go into the newer one; when it is full, the
 * older one is dropped whole and the newer one takes its place, so the store holds at most
 * maxEntries entries, and every live entry among the newest maxEntries/2 acquisitions. A
 * generation whose entries have all expired is dropped at the next insert, so a quiet container
 * shrinks. Why not drop exactly the oldest entry: a new key then costs two lookups and one insert in
 * Maps half the size, and no delete of an entry long out of cache. That, with flat keys, took
 * `npm run bench`'s new-key overhead from 1.08 µs to under 1 µs by median (README, Benchmark).
 */
export class MemoryStore implements IdempotencyStore {
  readonly maxEntries: number
  readonly maxResultChars: number
  readonly #generationSize: number
  readonly #generationChars: number
  #newer = new Map<string, Entry>()
  #older = new Map<string, Entry>()
  /** Counts generations: the newer one's number; the older one's is one less. */
  #generation = 0
  /** The latest expiry of any entry in the newer / older generation. */
  #newerExpiry = 0
  #olderExpiry = 0
  /** The length of the result JSON held in the newer generation. */
  #newerChars = 0

  constructor(options: MemoryStoreOptions = {}) {
    this.maxEntries = positiveInteger('maxEntries', options.maxEntries ?? 10_000)
    this.maxResultChars = positiveInteger('maxResultChars', options.maxResultChars ?? 16 * 2 ** 20)
    this.#generationSize = Math.ceil(this.maxEntries / 2)
    this.#generationChars = Math.ceil(this.maxResultChars / 2)
  }

  get size(): number {
    return this.#newer.size + this.#older.size
  }

  acquire(request: AcquireRequest): AcquireOutcome {
    const existing = this.#find(request.key)
    if (existing !== undefined) {
      if (existing.expiresAt > request.now) {
        return { acquired: false, record: toRecord(existing) }
      }
      // Taken again after expiry: the newest acquisition, so it moves to the newer generation.
      this.#forget(request.key, existing)
    }
    this.#makeRoom(request.now)
    this.#newer.set(request.key, {
      status: 'IN_PROGRESS',
      owner: request.owner,
      expiresAt: request.expiresAt,
      fingerprint: request.fingerprint,
      resultJson: undefined,
      generation: this.#generation,
    })
    if (request.expiresAt > this.#newerExpiry) this.#newerExpiry = request.expiresAt
    return ACQUIRED
  }

  complete(request: CompleteRequest): boolean {
    // Encoded before the lock is looked up (as DynamoDBStore must): a result's toJSON may call back
    // into this store and get the lock dropped (then it is lost, as if taken over).
    const resultJson = encodeResult(request.result)
    checkResultSize(request.key, resultJson)
    const entry = this.#find(request.key)
    if (entry === undefined || !lockedBy(entry, request.owner)) return false
    entry.resultJson = resultJson
    entry.status = 'COMPLETED'
    entry.owner = ''
    entry.expiresAt = request.expiresAt
    if (entry.generation === this.#generation) {
      if (request.expiresAt > this.#newerExpiry) this.#newerExpiry = request.expiresAt
      this.#newerChars += resultJson?.length ?? 0
    } else if (request.expiresAt > this.#olderExpiry) {
      this.#olderExpiry = request.expiresAt
    }
    return true
  }

  release(key: string, owner: string): boolean {
    const entry = this.#find(key)
    if (entry === undefined || !lockedBy(entry, owner)) return false
    this.#forget(key, entry)
    return true
  }

  get(key: string, now: number): IdempotencyRecord | undefined {
    const entry = this.#find(key)
    return entry !== undefined && entry.expiresAt > now ? toRecord(entry) : undefined
  }

  #find(key: string): Entry | undefined {
    return this.#newer.get(key) ?? this.#older.get(key)
  }

  #forget(key: string, entry: Entry): void {
    if (entry.generation === this.#generation) {
      this.#newer.delete(key)
      this.#newerChars -= entry.resultJson?.length ?? 0
    } else {
      this.#older.delete(key)
    }
  }

  /** Before an insert: drops what has expired, and turns a full newer generation into the older. */
  #makeRoom(now: number): void {
    if (now >= this.#newerExpiry) {
      this.#newer.clear()
      this.#newerChars = 0
    }
    if (now >= this.#olderExpiry) this.#older.clear()
    if (this.#newer.size >= this.#generationSize || this.#newerChars >= this.#generationChars) {
      this.#older = this.#newer
      this.#olderExpiry = this.#newerExpiry
      this.#newer = new Map()
      this.#newerExpiry = 0
      this.#newerChars = 0
      this.#generation++
    }
    // An odd maxEntries: two full generations would be one entry too many.
    if (this.size >= this.maxEntries) this.#older.clear()
  }
}

// Shared: callers only read it, and the hot path then allocates nothing for it.
const ACQUIRED: AcquireOutcome = Object.freeze({ acquired: true })

const positiveInteger = (option: string, value: number): number => {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`MemoryStore ${option} must be a positive integer, got ${value}`)
  }
  return value
}

/** The entry is a lock taken by this owner and not yet completed. */
const lockedBy = (entry: Entry, owner: string): boolean =>
  entry.status === 'IN_PROGRESS' && entry.owner === owner

const toRecord = (entry: Entry): IdempotencyRecord => ({
  status: entry.status,
  expiresAt: entry.expiresAt,
  fingerprint: entry.fingerprint,
  result: decodeResult(entry.resultJson),
})
