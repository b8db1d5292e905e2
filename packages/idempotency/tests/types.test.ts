import middy, { type MiddlewareObj } from '@middy/core'
import {
  type IdempotencyOptions,
  idempotency,
  MemoryStore,
  processRecordsOnce,
  type RecordOutcome,
  type Trigger,
} from '@repo/idempotency'
import type { ALBEvent, ALBResult, Context, SQSRecord } from 'aws-lambda'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { lambdaContext } from './support/context.ts'

// Checked by `tsc` (npm run typecheck); the runtime assertions are the same promises at run time.
describe('types of idempotency()', () => {
  it('is a Middy middleware for the event and result it is given', () => {
    const middleware = idempotency<ALBEvent, ALBResult>()
    expectTypeOf(middleware).toEqualTypeOf<MiddlewareObj<ALBEvent, ALBResult, Error, Context>>()
    const handler = middy<ALBEvent, ALBResult>()
      .use(middleware)
      .handler(async (event) => ({ statusCode: event.body ? 201 : 204 }))
    expectTypeOf(handler).parameter(0).toEqualTypeOf<ALBEvent>()
    expect(typeof middleware.before).toBe('function')
  })

  it('hands the event type to key and fingerprint', () => {
    idempotency<ALBEvent>({
      key: (event, context) => {
        expectTypeOf(event).toEqualTypeOf<ALBEvent>()
        expectTypeOf(context).toEqualTypeOf<Context>()
        return event.headers?.['x-request-id']
      },
      fingerprint: (event) => {
        expectTypeOf(event).toEqualTypeOf<ALBEvent>()
        return event.body
      },
    })
    expectTypeOf<IdempotencyOptions<ALBEvent>['key']>().toEqualTypeOf<
      ((event: ALBEvent, context: Context) => string | undefined) | undefined
    >()
  })

  it('refuses what it would refuse at run time', () => {
    // @ts-expect-error `name` was merged into `namespace`
    expect(() => idempotency({ name: 'orders' })).toThrow(/namespace/)
    // @ts-expect-error not a trigger
    expect(() => idempotency({ trigger: 'kinesis' })).toThrow(/trigger/)
    // @ts-expect-error a key is a string
    expect(() => idempotency({ key: () => 42, ttlSeconds: 0 })).toThrow(/ttlSeconds/)
    expectTypeOf<Trigger>().toEqualTypeOf<
      | 'alb'
      | 'eventbridge'
      | 'sns'
      | 's3'
      | 'codepipeline'
      | 'cloudwatch-logs'
      | 'sqs'
      | 'invocation'
    >()
  })
})

describe('types of processRecordsOnce()', () => {
  it('returns one outcome per record, typed by what the function returns', async () => {
    const records = [{ messageId: 'm-1' }] as SQSRecord[]
    const outcomes = await processRecordsOnce(
      records,
      async (record) => {
        expectTypeOf(record).toEqualTypeOf<SQSRecord>()
        return { length: record.messageId.length }
      },
      {
        store: new MemoryStore(),
        context: lambdaContext(),
        key: (record) => {
          expectTypeOf(record).toEqualTypeOf<SQSRecord>()
          return record.messageId
        },
      },
    )
    expectTypeOf(outcomes).toEqualTypeOf<RecordOutcome<{ length: number }>[]>()
    const [outcome] = outcomes
    if (outcome === undefined) throw new Error('no outcome')
    if (outcome.status === 'failed') {
      expectTypeOf(outcome.error).toBeUnknown()
      expectTypeOf(outcome).not.toHaveProperty('result')
    } else {
      expectTypeOf(outcome.status).toEqualTypeOf<'processed' | 'replayed'>()
      expectTypeOf(outcome.result).toEqualTypeOf<{ length: number }>()
    }
    expect(outcome).toEqual({ status: 'processed', result: { length: 3 } })
  })
})
