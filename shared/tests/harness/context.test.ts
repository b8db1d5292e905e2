import { createContext, VirtualClock } from '@repo/shared/harness'
import { describe, expect, it } from 'vitest'

describe('createContext', () => {
  it('counts down from the timeout on the harness clock', async () => {
    const clock = new VirtualClock()
    const context = createContext({ clock, timeoutSeconds: 3 })

    expect(context.getRemainingTimeInMillis()).toBe(3000)
    await clock.advance(1250)
    expect(context.getRemainingTimeInMillis()).toBe(1750)
    await clock.advance(5000)
    expect(context.getRemainingTimeInMillis()).toBe(0)
  })

  it('names the function, its ARN, logs and memory as Lambda does', () => {
    const context = createContext({
      functionName: 'orders',
      qualifier: 'live',
      functionVersion: '7',
      memoryLimitInMB: 512,
      region: 'eu-west-1',
      accountId: '111122223333',
      clock: new VirtualClock('2025-03-04T05:06:07Z'),
    })

    expect(context).toMatchObject({
      functionName: 'orders',
      functionVersion: '7',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:orders:live',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/orders',
      callbackWaitsForEmptyEventLoop: true,
    })
    expect(context.logStreamName).toMatch(/^2025\/03\/04\/\[7\][0-9a-f]{32}$/)
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('rejects a timeout Lambda would not accept', () => {
    expect(() => createContext({ timeoutSeconds: 901 })).toThrow(/timeoutSeconds/)
    expect(() => createContext({ timeoutSeconds: 0 })).toThrow(/timeoutSeconds/)
  })
})
