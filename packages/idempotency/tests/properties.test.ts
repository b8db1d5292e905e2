import type { IdempotencyStore } from '@repo/idempotency'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { storeKinds } from './support/stores.ts'

/**
 * Model-based test: random interleavings of acquire, complete, fail (release), timeout (walk away,
 * lock left behind) and clock moves, by three invocations on one key. The real store must agree with
 * a one-record model at every step, and two invariants are checked directly:
 * - never two executions inside the TTL: an acquisition never happens while a completion is live
 *   or while another owner's lock is live;
 * - never a lost completion: a successful complete is what every later duplicate replays until it
 *   expires, and a late owner (taken over) can never overwrite it.
 */
const TTL = 10_000
type Actor = 0 | 1 | 2

interface Model {
  now: number
  record:
    | { status: 'IN_PROGRESS' | 'COMPLETED'; owner: Actor; expiresAt: number; result?: string }
    | undefined
  running: Set<Actor>
}

interface Real {
  store: IdempotencyStore
  key: string
  owners: Map<Actor, string>
  run: number
}

const live = (m: Model) =>
  m.record !== undefined && m.record.expiresAt > m.now ? m.record : undefined

class Acquire implements fc.AsyncCommand<Model, Real> {
  readonly actor: Actor
  readonly lockMs: number
  constructor(actor: Actor, lockMs: number) {
    this.actor = actor
    this.lockMs = lockMs
  }
  check = (m: Readonly<Model>) => !m.running.has(this.actor)
  async run(m: Model, r: Real) {
    const owner = `${this.actor}-${++r.run}`
    const outcome = await r.store.acquire({
      key: r.key,
      owner,
      expiresAt: m.now + this.lockMs,
      now: m.now,
    })
    const existing = live(m)
    if (existing === undefined) {
      expect(outcome).toEqual({ acquired: true })
      m.record = { status: 'IN_PROGRESS', owner: this.actor, expiresAt: m.now + this.lockMs }
      m.running.add(this.actor)
      r.owners.set(this.actor, owner)
    } else {
      expect(outcome.acquired).toBe(false)
      if (outcome.acquired) return
      expect(outcome.record.status).toBe(existing.status)
      if (existing.status === 'COMPLETED') expect(outcome.record.result).toBe(existing.result)
    }
  }
  toString = () => `acquire(${this.actor}, ${this.lockMs})`
}

class Complete implements fc.AsyncCommand<Model, Real> {
  readonly actor: Actor
  constructor(actor: Actor) {
    this.actor = actor
  }
  check = (m: Readonly<Model>) => m.running.has(this.actor)
  async run(m: Model, r: Real) {
    const result = `result-of-${this.actor}@${m.now}`
    const stored = await r.store.complete({
      key: r.key,
      owner: r.owners.get(this.actor) ?? '',
      result,
      expiresAt: m.now + TTL,
    })
    const owns = m.record?.owner === this.actor && m.record.status === 'IN_PROGRESS'
    expect(stored).toBe(owns)
    if (owns) m.record = { status: 'COMPLETED', owner: this.actor, expiresAt: m.now + TTL, result }
    m.running.delete(this.actor)
  }
  toString = () => `complete(${this.actor})`
}

class Fail implements fc.AsyncCommand<Model, Real> {
  readonly actor: Actor
  constructor(actor: Actor) {
    this.actor = actor
  }
  check = (m: Readonly<Model>) => m.running.has(this.actor)
  async run(m: Model, r: Real) {
    const released = await r.store.release(r.key, r.owners.get(this.actor) ?? '')
    const owns = m.record?.owner === this.actor && m.record.status === 'IN_PROGRESS'
    expect(released).toBe(owns)
    if (owns) m.record = undefined
    m.running.delete(this.actor)
  }
  toString = () => `fail(${this.actor})`
}

class Timeout implements fc.AsyncCommand<Model, Real> {
  readonly actor: Actor
  constructor(actor: Actor) {
    this.actor = actor
  }
  check = (m: Readonly<Model>) => m.running.has(this.actor)
  async run(m: Model) {
    m.running.delete(this.actor)
  }
  toString = () => `timeout(${this.actor})`
}

class Advance implements fc.AsyncCommand<Model, Real> {
  readonly ms: number
  constructor(ms: number) {
    this.ms = ms
  }
  check = () => true
  async run(m: Model, r: Real) {
    m.now += this.ms
    const record = await r.store.get(r.key, m.now)
    expect(record?.status).toBe(live(m)?.status)
  }
  toString = () => `advance(${this.ms})`
}

const actor = fc.constantFrom<Actor>(0, 1, 2)
const commands = [
  fc.tuple(actor, fc.integer({ min: 1, max: 5_000 })).map(([a, ms]) => new Acquire(a, ms)),
  actor.map((a) => new Complete(a)),
  actor.map((a) => new Fail(a)),
  actor.map((a) => new Timeout(a)),
  fc.integer({ min: 1, max: 12_000 }).map((ms) => new Advance(ms)),
]

describe.each(storeKinds())('store model: $name', (kind) => {
  it('never runs twice inside the TTL and never loses a completion', async () => {
    const store = await kind.create()
    let keys = 0
    const runs = kind.name === 'MemoryStore' ? 300 : 40
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30 }), async (cmds) => {
        const model: Model = { now: 1_700_000_000_000, record: undefined, running: new Set() }
        const real: Real = { store, key: `prop-${++keys}`, owners: new Map(), run: 0 }
        await fc.asyncModelRun(() => ({ model, real }), cmds)
      }),
      { numRuns: runs },
    )
  })
})
