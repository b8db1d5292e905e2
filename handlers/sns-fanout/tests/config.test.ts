import { configProblems } from '@repo/shared/harness'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'

const queue = (name: string) => `https://sqs.us-east-1.amazonaws.com/123456789012/${name}`

const problemsOf = (env: Record<string, string>) => configProblems(() => loadConfig(env))

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

  it('reads a route from a ROUTE_<TYPE>_QUEUE_URL variable alone, type lower-cased', () => {
    const config = loadConfig({
      ROUTE_ORDER_QUEUE_URL: queue('orders'),
      ROUTE_ORDER_V2_QUEUE_URL: queue('orders-v2.fifo'),
      CATCH_ALL_QUEUE_URL: queue('catch-all'),
    })
    expect(Object.fromEntries(config.routes)).toEqual({
      order: queue('orders'),
      order_v2: queue('orders-v2.fifo'),
    })
  })

  it('merges the variables with ROUTES; one type with the same URL in both is fine', () => {
    const config = loadConfig({
      ROUTE_ORDER_QUEUE_URL: queue('orders'),
      ROUTES: JSON.stringify({ 'invoice.paid': queue('invoices'), order: queue('orders') }),
      CATCH_ALL_QUEUE_URL: queue('catch-all'),
    })
    expect(Object.fromEntries(config.routes)).toEqual({
      order: queue('orders'),
      'invoice.paid': queue('invoices'),
    })
  })

  it('refuses a type given two different queues, naming both', () => {
    expect(
      problemsOf({
        ROUTE_ORDER_QUEUE_URL: queue('orders'),
        ROUTES: JSON.stringify({ order: queue('other-orders') }),
        CATCH_ALL_QUEUE_URL: queue('catch-all'),
      }),
    ).toEqual([
      `Type "order" has two queues: ${queue('orders')} (ROUTE_ORDER_QUEUE_URL) and ${queue('other-orders')} (ROUTES); keep one`,
    ])
  })

  it('requires at least one route, from either source', () => {
    for (const routes of [{}, { ROUTES: '' }, { ROUTES: '{}' }] as Record<string, string>[]) {
      expect(problemsOf({ ...routes, CATCH_ALL_QUEUE_URL: queue('c') })).toEqual([
        expect.stringMatching(/^At least one route is required: .*ROUTE_ORDER_QUEUE_URL=.*ROUTES=/),
      ])
    }
  })

  it('names every missing or invalid variable at once', () => {
    expect(problemsOf({})).toEqual([
      expect.stringMatching(/^CATCH_ALL_QUEUE_URL is not set and must be the URL of the queue/),
      expect.stringContaining('At least one route is required'),
    ])
    expect(problemsOf({ ROUTES: '{order:', CATCH_ALL_QUEUE_URL: queue('c') })).toEqual([
      expect.stringMatching(/^ROUTES \("\{order:"\) is not valid JSON/),
    ])
    expect(problemsOf({ ROUTES: '["a"]', CATCH_ALL_QUEUE_URL: queue('c') })).toEqual([
      expect.stringMatching(/^ROUTES \("\["a"\]"\) must be a JSON object/),
    ])
    expect(
      problemsOf({
        ROUTE_INVOICE_QUEUE_URL: 'invoices',
        ROUTE_Refund_QUEUE_URL: queue('refunds'),
        ROUTE__QUEUE_URL: queue('nameless'),
        ROUTES: JSON.stringify({ order: 'orders', '': queue('x'), bad: 42 }),
        CATCH_ALL_QUEUE_URL: 'ftp://nope',
      }),
    ).toEqual([
      expect.stringMatching(/^CATCH_ALL_QUEUE_URL \("ftp:\/\/nope"\) must be the URL of the queue/),
      'ROUTE_INVOICE_QUEUE_URL ("invoices") is not an SQS queue URL',
      expect.stringMatching(
        /^ROUTE_Refund_QUEUE_URL \(.*\) must have an upper-case type .* goes in ROUTES$/,
      ),
      expect.stringMatching(/^ROUTE__QUEUE_URL \(.*\) must have an upper-case type/),
      expect.stringMatching(
        /^ROUTES \(.*\) maps "order" to "orders", which is not an SQS queue URL$/,
      ),
      expect.stringMatching(/^ROUTES \(.*\) has an empty message type$/),
      expect.stringMatching(/^ROUTES \(.*\) maps "bad" to 42, which is not an SQS queue URL$/),
    ])
  })
})
