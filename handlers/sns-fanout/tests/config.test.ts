import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { ConfigError } from '../src/errors.ts'

const queue = (name: string) => `https://sqs.us-east-1.amazonaws.com/123456789012/${name}`

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('loadConfig', () => {
  it('reads the routing table and the catch-all queue', () => {
    const config = loadConfig({
      ROUTES: JSON.stringify({ order: queue('orders'), s3: queue('uploads.fifo') }),
      CATCH_ALL_QUEUE_URL: queue('catch-all'),
    })
    expect([...config.routes]).toEqual([
      ['order', queue('orders')],
      ['s3', queue('uploads.fifo')],
    ])
    expect(config.catchAllQueueUrl).toBe(queue('catch-all'))
  })

  it('names every missing or invalid variable at once', () => {
    expect(problemsOf({})).toEqual([
      expect.stringContaining('ROUTES is required'),
      expect.stringContaining('CATCH_ALL_QUEUE_URL is required'),
    ])
    expect(problemsOf({ ROUTES: '{order:', CATCH_ALL_QUEUE_URL: queue('c') })).toEqual([
      expect.stringContaining('ROUTES is not valid JSON'),
    ])
    expect(problemsOf({ ROUTES: '["a"]', CATCH_ALL_QUEUE_URL: queue('c') })).toEqual([
      expect.stringContaining('ROUTES must be a JSON object'),
    ])
    expect(
      problemsOf({
        ROUTES: JSON.stringify({ order: 'orders', '': queue('x'), bad: 42 }),
        CATCH_ALL_QUEUE_URL: 'ftp://nope',
      }),
    ).toEqual([
      'ROUTES["order"] is not an SQS queue URL: "orders"',
      'ROUTES has an empty message type',
      'ROUTES["bad"] is not an SQS queue URL: 42',
      expect.stringContaining('CATCH_ALL_QUEUE_URL "ftp://nope" is not an SQS queue URL'),
    ])
  })
})
