import middy from '@middy/core'
import {
  InvalidContextOptionsError,
  invoke,
  setDefaultInvokeTimeout,
  VirtualClock,
} from '@repo/shared/harness'
import type { Callback, Context } from 'aws-lambda'
import { describe, expect, it } from 'vitest'

describe('invoke', () => {
  it('returns the result of an async handler, with its logs', async () => {
    const handler = async (event: { n: number }, context: Context) => {
      console.log('doubling %d for %s', event.n, context.functionName)
      console.warn('careful')
      return event.n * 2
    }

    const invocation = await invoke(handler, { n: 21 }, { functionName: 'doubler' })

    expect(invocation.status).toBe('success')
    expect(invocation.status === 'success' && invocation.result).toBe(42)
    expect(invocation.logs).toEqual([
      { level: 'INFO', message: 'doubling 21 for doubler' },
      { level: 'WARN', message: 'careful' },
    ])
  })

  it('reports a thrown error as an Unhandled function error', async () => {
    const invocation = await invoke(async () => {
      throw new TypeError('no such order')
    }, {})

    expect(invocation).toMatchObject({
      status: 'error',
      functionError: 'Unhandled',
      error: { errorType: 'TypeError', errorMessage: 'no such order' },
    })
    expect(invocation.status === 'error' && invocation.error.stackTrace?.[0]).toBe(
      'TypeError: no such order',
    )
  })

  it('supports callback-style handlers; callback(error) is a Handled error', async () => {
    const ok = (_event: unknown, _context: Context, callback: Callback<string>) => {
      setImmediate(() => callback(null, 'done'))
    }
    const failing = (_event: unknown, _context: Context, callback: Callback<string>) => {
      callback(new Error('nope'))
    }

    expect(await invoke(ok, {})).toMatchObject({ status: 'success', result: 'done' })
    expect(await invoke(failing, {})).toMatchObject({
      status: 'error',
      functionError: 'Handled',
      error: { errorMessage: 'nope' },
    })
  })

  it('invokes a Middy handler', async () => {
    const handler = middy(async (event: { name: string }) => `hello ${event.name}`)

    expect(await invoke(handler, { name: 'ada' })).toMatchObject({
      status: 'success',
      result: 'hello ada',
    })
  })

  it('times out as Lambda does, and the handler keeps running afterwards', async () => {
    const clock = new VirtualClock()
    const sideEffects: string[] = []
    const slow = async (_event: unknown, context: Context) => {
      await clock.sleep(2000)
      sideEffects.push(`halfway, ${context.getRemainingTimeInMillis()} ms left`)
      await clock.sleep(2000)
      sideEffects.push('late write')
      return 'too late'
    }

    const invocation = await invoke(slow, {}, { clock, timeoutSeconds: 3, awsRequestId: 'req-1' })

    expect(invocation).toMatchObject({
      status: 'timeout',
      durationMs: 3000,
      functionError: 'Unhandled',
      error: {
        errorType: 'Sandbox.Timedout',
        errorMessage: 'RequestId: req-1 Error: Task timed out after 3.00 seconds',
      },
    })
    expect(sideEffects).toEqual(['halfway, 1000 ms left'])

    await clock.advance(1000)
    expect(sideEffects).toEqual(['halfway, 1000 ms left', 'late write'])
  })

  it('times out on the real clock too', async () => {
    const invocation = await invoke(() => new Promise(() => {}), {}, { timeoutSeconds: 0.02 })

    expect(invocation.status).toBe('timeout')
    expect(invocation.status === 'timeout' && invocation.error.errorMessage).toMatch(
      /after 0.02 seconds$/,
    )
  })

  it('times out a virtual-clock handler that never settles', async () => {
    const invocation = await invoke(
      () => new Promise(() => {}),
      {},
      { clock: new VirtualClock(), idleRealMs: 10 },
    )

    expect(invocation.status).toBe('timeout')
  })

  it('keeps the logs of concurrent invocations apart', async () => {
    const clock = new VirtualClock()
    const handler = async (event: { id: string; waits: number[] }) => {
      for (const wait of event.waits) {
        await clock.sleep(wait)
        console.log(`${event.id} after ${wait}`)
      }
      setImmediate(() => console.info(`${event.id} from a later callback`))
      await new Promise((resolve) => setImmediate(resolve))
    }

    const [a, b] = await Promise.all([
      invoke(handler, { id: 'a', waits: [10, 30] }, { clock }),
      invoke(handler, { id: 'b', waits: [20, 5] }, { clock }),
    ])

    expect(a?.logs.map((log) => log.message)).toEqual([
      'a after 10',
      'a after 30',
      'a from a later callback',
    ])
    expect(b?.logs.map((log) => log.message)).toEqual([
      'b after 20',
      'b after 5',
      'b from a later callback',
    ])
  })
})

describe('setDefaultInvokeTimeout', () => {
  it("is the timeout of every invocation that names none (Lambda's 3 s until set), and a call's own still wins", async () => {
    const remaining = (context: Context) => context.getRemainingTimeInMillis()
    const clock = new VirtualClock()
    try {
      expect(
        await invoke(async (_: unknown, c: Context) => remaining(c), {}, { clock }),
      ).toMatchObject({
        status: 'success',
        result: 3_000,
      })
      setDefaultInvokeTimeout(60)
      expect(
        await invoke(async (_: unknown, c: Context) => remaining(c), {}, { clock }),
      ).toMatchObject({
        result: 60_000,
      })
      const slow = () => new Promise(() => {})
      expect((await invoke(slow, {}, { clock })).durationMs).toBe(60_000)
      expect(
        await invoke(
          async (_: unknown, c: Context) => remaining(c),
          {},
          { clock, timeoutSeconds: 5 },
        ),
      ).toMatchObject({ result: 5_000 })
      expect(() => setDefaultInvokeTimeout(0)).toThrow(InvalidContextOptionsError)
      expect(() => setDefaultInvokeTimeout(901)).toThrow(InvalidContextOptionsError)
    } finally {
      setDefaultInvokeTimeout(3)
    }
  })
})
