import {
  type InvocableHandler,
  type InvocationResult,
  type InvokeOptions,
  invoke,
} from './invoke.ts'

export type DeliveryMode = 'sequential' | 'concurrent'

export interface DuplicateDeliveryOptions<TEvent> extends InvokeOptions {
  /** How many times each mode delivers the event. Default 3. */
  times?: number
  /** Default both, sequential first. */
  modes?: DeliveryMode[]
  /**
   * Counts the side effect so far (messages on a queue, rows written, a counter the test
   * bumps). Read before and after each mode; the difference is what that mode caused.
   */
  probe: () => number | Promise<number>
  /**
   * Makes the event for one mode. Give one when the handler is idempotent, so the concurrent
   * mode gets a fresh event instead of replaying the sequential one. Default: the same event.
   */
  eventForMode?: (mode: DeliveryMode) => TEvent
  /** Runs before each mode (clear an idempotency store, say). */
  beforeMode?: (mode: DeliveryMode) => void | Promise<void>
}

export interface DeliveryRun<TResult> {
  deliveries: number
  /** How many times the probe saw the side effect happen. */
  sideEffects: number
  invocations: InvocationResult<TResult>[]
}

export interface DuplicateDeliveryReport<TResult> {
  /** `{ sequential: 1, concurrent: 1 }` means exactly once in both modes. */
  sideEffects: Partial<Record<DeliveryMode, number>>
  runs: Partial<Record<DeliveryMode, DeliveryRun<TResult>>>
}

/**
 * Delivers one event N times, one after another and all at once, as at-least-once triggers
 * may, and counts the side effects: `expect(report.sideEffects).toEqual({ sequential: 1,
 * concurrent: 1 })` is "exactly once" in one line. Each delivery gets its own request ID unless
 * `awsRequestId` pins one.
 */
export const deliverDuplicates = async <TEvent, TResult>(
  handler: InvocableHandler<TEvent, TResult>,
  event: TEvent,
  options: DuplicateDeliveryOptions<TEvent>,
): Promise<DuplicateDeliveryReport<TResult>> => {
  const {
    times = 3,
    modes = ['sequential', 'concurrent'],
    probe,
    eventForMode,
    beforeMode,
    ...invokeOptions
  } = options
  const report: DuplicateDeliveryReport<TResult> = { sideEffects: {}, runs: {} }
  for (const mode of modes) {
    await beforeMode?.(mode)
    const modeEvent = eventForMode ? eventForMode(mode) : event
    const before = await probe()
    const invocations: InvocationResult<TResult>[] = []
    if (mode === 'sequential') {
      for (let i = 0; i < times; i++)
        invocations.push(await invoke(handler, modeEvent, invokeOptions))
    } else {
      invocations.push(
        ...(await Promise.all(
          Array.from({ length: times }, () => invoke(handler, modeEvent, invokeOptions)),
        )),
      )
    }
    const sideEffects = (await probe()) - before
    report.runs[mode] = { deliveries: times, sideEffects, invocations }
    report.sideEffects[mode] = sideEffects
  }
  return report
}
