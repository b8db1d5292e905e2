/** How many calls are running at once, and the most there were. */
export interface ConcurrencyWatch {
  inFlight: number
  peak: number
}

/**
 * Wraps a store (or any object with an `acquire`) so a test can see how many locks a
 * handler takes at once, and can make each take time (`delay`). The other methods go straight to
 * the store. Structural, so the harness need not depend on @repo/idempotency.
 */
export const watchAcquires = <Store extends { acquire: (...args: never[]) => unknown }>(
  inner: Store,
  delay?: () => Promise<void>,
): { store: Store; watch: ConcurrencyWatch } => {
  const watch: ConcurrencyWatch = { inFlight: 0, peak: 0 }
  const acquire = async (...args: Parameters<Store['acquire']>) => {
    watch.inFlight++
    watch.peak = Math.max(watch.peak, watch.inFlight)
    try {
      await delay?.()
      return await inner.acquire(...args)
    } finally {
      watch.inFlight--
    }
  }
  const store = new Proxy(inner, {
    get: (target, property) => {
      if (property === 'acquire') return acquire
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { store, watch }
}
