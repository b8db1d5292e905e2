import type { Context } from 'aws-lambda'

/** A Lambda context whose deadline follows the given clock. */
export const lambdaContext = (
  overrides: Partial<Context> & { deadline?: number; clock?: () => number } = {},
): Context => {
  const { deadline, clock = Date.now, ...rest } = overrides
  const end = deadline ?? clock() + 30_000
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test-fn',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test-fn',
    memoryLimitInMB: '128',
    awsRequestId: 'req-1',
    logGroupName: '/aws/lambda/test-fn',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => Math.max(0, end - clock()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...rest,
  }
}

/** A clock tests move by hand. */
export const manualClock = (start = 1_700_000_000_000) => {
  let time = start
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms
    },
    set: (ms: number) => {
      time = ms
    },
  }
}
