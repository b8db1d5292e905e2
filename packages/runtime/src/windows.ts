/** What `runInWindows` reads of the Lambda context. */
export interface RemainingTime {
  getRemainingTimeInMillis(): number
}

export interface WindowOptions {
  /** Items in flight at once: one window. */
  size: number
  /** No window after the first starts with less of the invocation left than this. */
  marginMs: number
  context: RemainingTime
}

/**
 * Runs `items` in windows of `size`, one window after another, so a batch of thousands never has
 * thousands in flight; and starts no new window with less than `marginMs` left, so the invocation
 * ends with what it finished rather than at the timeout with all of it lost. The first window
 * always runs (a timeout too short for it is the function's configuration to fix).
 *
 * Returns the outcomes of the windows that ran, in item order: the items from
 * `outcomes.length` on were not started.
 */
export const runInWindows = async <T, R>(
  items: readonly T[],
  { size, marginMs, context }: WindowOptions,
  run: (window: readonly T[]) => Promise<readonly R[]>,
): Promise<R[]> => {
  if (!(Number.isInteger(size) && size > 0)) {
    throw new RangeError(`runInWindows: size must be a whole number above 0; got ${size}`)
  }
  const outcomes: R[] = []
  for (let start = 0; start < items.length; start += size) {
    if (start > 0 && context.getRemainingTimeInMillis() < marginMs) break
    outcomes.push(...(await run(items.slice(start, start + size))))
  }
  return outcomes
}
