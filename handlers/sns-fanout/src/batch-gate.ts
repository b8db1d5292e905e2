/**
 * Lets per-record work (each record under its own idempotency lock) share batched sends.
 * Every record either submits one message or withdraws (it was replayed, or failed before
 * sending). Once all have done one or the other, the submitted messages are sent together and
 * each submitter learns its own result. No timers: the flush waits for the records, not a clock.
 */
export interface BatchGate<TMessage, TResult> {
  submit(index: number, message: TMessage): Promise<TResult>
  /** Safe to call after `submit` for the same index: it is then ignored. */
  withdraw(index: number): void
}

export const createBatchGate = <TMessage, TResult>(
  expected: number,
  flush: (messages: Map<number, TMessage>) => Promise<Map<number, TResult | Error>>,
): BatchGate<TMessage, TResult> => {
  const submitted = new Map<number, TMessage>()
  const waiting = new Map<
    number,
    { resolve: (result: TResult) => void; reject: (error: unknown) => void }
  >()
  const arrived = new Set<number>()
  let flushed = false

  const maybeFlush = () => {
    if (flushed || arrived.size < expected) return
    flushed = true
    flush(submitted).then(
      (results) => {
        for (const [index, waiter] of waiting) {
          const result = results.get(index)
          if (result instanceof Error) waiter.reject(result)
          else if (result === undefined)
            waiter.reject(new Error(`no send result for record ${index}`))
          else waiter.resolve(result)
        }
      },
      (error: unknown) => {
        for (const waiter of waiting.values()) waiter.reject(error)
      },
    )
  }

  return {
    submit: (index, message) =>
      new Promise<TResult>((resolve, reject) => {
        submitted.set(index, message)
        waiting.set(index, { resolve, reject })
        arrived.add(index)
        maybeFlush()
      }),
    withdraw: (index) => {
      if (arrived.has(index)) return
      arrived.add(index)
      maybeFlush()
    },
  }
}
