/**
 * Time as the harness sees it. Handlers never read it directly: the Lambda context
 * (`getRemainingTimeInMillis`), the invocation timeout and async retries do, so a test
 * can swap the wall clock for a virtual one and never sleep.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>
  /**
   * Runs `callback` after `ms`; returns a cancel function. A passive timer (the harness's own
   * timeout) never makes a virtual clock jump ahead on its own: only waits a handler makes do.
   */
  schedule(ms: number, callback: () => void, options?: { passive?: boolean }): () => void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  schedule: (ms, callback) => {
    const timer = setTimeout(callback, ms)
    return () => clearTimeout(timer)
  },
}

interface VirtualTimer {
  id: number
  at: number
  callback: () => void
  passive: boolean
}

/** One turn of the real event loop, so promise continuations and finished I/O run. */
const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
const realPause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export interface RunUntilSettledOptions {
  /**
   * Real milliseconds to wait, with only passive timers pending, before jumping to the next one.
   * A handler awaiting real I/O (an emulator call) needs that long at most; a handler that
   * never settles (a callback never called) then still times out, as on Lambda.
   */
  idleRealMs?: number
}

/**
 * A clock that moves only when told to: `advance`, `advanceTo`, or `runUntilSettled`
 * (which jumps from one pending wait to the next). Timers fire in time order, and after each
 * one the real event loop gets a turn so the code waiting on it runs before time moves on.
 */
export class VirtualClock implements Clock {
  #now: number
  #timers: VirtualTimer[] = []
  #nextId = 1

  constructor(start: number | string | Date = '2025-01-01T00:00:00.000Z') {
    this.#now = new Date(start).getTime()
    if (Number.isNaN(this.#now))
      throw new RangeError(`VirtualClock: invalid start time ${String(start)}`)
  }

  now(): number {
    return this.#now
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.schedule(ms, resolve)
    })
  }

  schedule(ms: number, callback: () => void, options: { passive?: boolean } = {}): () => void {
    const timer = {
      id: this.#nextId++,
      at: this.#now + Math.max(0, ms),
      callback,
      passive: options.passive ?? false,
    }
    this.#timers.push(timer)
    return () => {
      this.#timers = this.#timers.filter((candidate) => candidate !== timer)
    }
  }

  /** Timers still waiting to fire (for tests of the harness itself). */
  get pendingTimers(): number {
    return this.#timers.length
  }

  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms)
  }

  async advanceTo(time: number): Promise<void> {
    await nextMacrotask()
    for (let timer = this.#earliest(); timer && timer.at <= time; timer = this.#earliest()) {
      await this.#fire(timer)
    }
    this.#now = Math.max(this.#now, time)
  }

  /**
   * Drives the clock until `promise` settles: whenever the real event loop has nothing left to
   * run and a handler is waiting on this clock, time jumps to the next timer.
   */
  async runUntilSettled<T>(promise: Promise<T>, options: RunUntilSettledOptions = {}): Promise<T> {
    const idleRealMs = options.idleRealMs ?? 500
    let settled = false
    const tracked = promise.finally(() => {
      settled = true
    })
    tracked.catch(() => {})
    let idleSince = performance.now()
    while (!settled) {
      await nextMacrotask()
      if (settled) break
      const next = this.#earliest()
      const handlerIsWaiting = this.#timers.some((timer) => !timer.passive)
      if (next && (handlerIsWaiting || performance.now() - idleSince >= idleRealMs)) {
        await this.#fire(next)
        idleSince = performance.now()
      } else {
        await realPause(1)
      }
    }
    return tracked
  }

  async #fire(timer: VirtualTimer): Promise<void> {
    this.#timers = this.#timers.filter((candidate) => candidate !== timer)
    this.#now = Math.max(this.#now, timer.at)
    timer.callback()
    await nextMacrotask()
  }

  #earliest(): VirtualTimer | undefined {
    let earliest: VirtualTimer | undefined
    for (const timer of this.#timers) {
      if (
        !earliest ||
        timer.at < earliest.at ||
        (timer.at === earliest.at && timer.id < earliest.id)
      ) {
        earliest = timer
      }
    }
    return earliest
  }
}
