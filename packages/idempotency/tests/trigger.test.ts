import middy from '@middy/core'
import {
  IdempotencyKeyError,
  IdempotencyTriggerError,
  idempotency,
  MemoryStore,
} from '@repo/idempotency'
import { createLogger } from '@repo/runtime'
import { loadCorpusEvent } from '@repo/shared'
import type { ALBEvent, ALBResult, EventBridgeEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaContext } from './support/context.ts'

const eventBridge = () =>
  loadCorpusEvent<EventBridgeEvent<string, unknown>>('powertools-ts__eventbridge__base')

describe('the trigger option', () => {
  it('skips detection: an event shaped like two triggers is keyed as the one named', async () => {
    const store = new MemoryStore()
    const alb = loadCorpusEvent<ALBEvent>('awsdocs-lambda-dg__alb__services-alb-request')
    // An ALB-shaped event that also carries EventBridge's fields.
    const both = { ...alb, httpMethod: 'POST', 'detail-type': 'x', id: 'evt-7' }
    let runs = 0
    const named = middy(async () => ++runs).use(idempotency({ store, trigger: 'eventbridge' }))
    await expect(named(both, lambdaContext())).resolves.toBe(1)
    await expect(named(both, lambdaContext())).resolves.toBe(1)
    expect(await store.get('test-fn#eb:evt-7', Date.now())).toMatchObject({ status: 'COMPLETED' })
    // Detected, the same event is ALB: POST without an Idempotency-Key header is a 400.
    const detected = middy(async () => ++runs).use(idempotency({ store }))
    const answer = (await detected(both, lambdaContext())) as unknown as ALBResult
    expect(answer.statusCode).toBe(400)
    expect(runs).toBe(1)
  })

  it('names the trigger and the missing fields when the event does not match it', async () => {
    const handler = middy(async () => 1).use(idempotency({ trigger: 'sqs' }))
    const failure = handler(eventBridge(), lambdaContext())
    await expect(failure).rejects.toBeInstanceOf(IdempotencyKeyError)
    await expect(failure).rejects.toThrow(
      'The `trigger` option says \'sqs\', but this event has no Records[0].eventSource "aws:sqs" (SQS)',
    )
  })

  it("'alb' without HTTP semantics has no key to derive, and says so", async () => {
    const handler = middy(async () => 1).use(idempotency({ trigger: 'alb', http: false }))
    await expect(handler(eventBridge(), lambdaContext())).rejects.toThrow(
      /ALB events are keyed by their Idempotency-Key header/,
    )
  })
})

describe('when detection fails', () => {
  it('throws IdempotencyTriggerError naming the fields looked for and the event’s own fields', async () => {
    let runs = 0
    const handler = middy(async () => ++runs).use(idempotency())
    const failure = handler({ orderId: 'o-1', amount: 5 }, lambdaContext())
    await expect(failure).rejects.toBeInstanceOf(IdempotencyTriggerError)
    await expect(failure).rejects.toBeInstanceOf(IdempotencyKeyError)
    await expect(failure).rejects.toMatchObject({
      name: 'IdempotencyTriggerError',
      fields: ['"orderId"', '"amount"'],
      lookedFor: [
        'requestContext.elb (ALB)',
        '"detail-type" and "id" (EventBridge)',
        'Records[0].EventSource "aws:sns" (SNS)',
        'Records[0].eventSource "aws:s3" (S3)',
        'Records[0].eventSource "aws:sqs" (SQS)',
        '"CodePipeline.job" (CodePipeline)',
        'awslogs.data (CloudWatch Logs)',
      ],
    })
    await expect(failure).rejects.toThrow(
      /Looked for: requestContext\.elb \(ALB\); .*The event has the fields "orderId", "amount"\. Pass `trigger`/,
    )
    expect(runs).toBe(0)
  })

  it('shows at most ten field names, each cut to 40 characters, and names a non-object event', async () => {
    const handler = middy(async () => 1).use(idempotency())
    const wide = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`${'f'.repeat(50)}${i}`, i]),
    )
    const error = (await handler(wide, lambdaContext()).catch(
      (e: unknown) => e,
    )) as IdempotencyTriggerError
    expect(error.fields).toHaveLength(10)
    expect(error.fields[0]).toBe(JSON.stringify('f'.repeat(40)))
    const empty = (await handler({}, lambdaContext()).catch((e: unknown) => e)) as Error
    expect(empty.message).toMatch(/The event has no fields\./)
    const nothing = (await handler(null, lambdaContext()).catch(
      (e: unknown) => e,
    )) as IdempotencyTriggerError
    expect(nothing.fields).toEqual(['none (the event is null)'])
    const text = (await handler('hello', lambdaContext()).catch(
      (e: unknown) => e,
    )) as IdempotencyTriggerError
    expect(text.fields).toEqual(['none (the event is string)'])
  })

  it('is no error when a custom key is given; the log line says the trigger is custom', async () => {
    const lines: Record<string, unknown>[] = []
    const logger = createLogger({
      level: 'DEBUG',
      write: (_, line) => lines.push(JSON.parse(line)),
    })
    let runs = 0
    const handler = middy(async () => ++runs).use(
      idempotency({ key: (event: { orderId: string }) => event.orderId, logger }),
    )
    await handler({ orderId: 'o-1' }, lambdaContext())
    await handler({ orderId: 'o-1' }, lambdaContext())
    expect(runs).toBe(1)
    expect(lines).toEqual([
      expect.objectContaining({ idempotency: 'replay', trigger: 'custom', key: 'test-fn#o-1' }),
    ])
  })

  it('a custom key on an ALB event keeps HTTP semantics (detection still decides `http`)', async () => {
    const alb = loadCorpusEvent<ALBEvent>('awsdocs-lambda-dg__alb__services-alb-request')
    const handler = middy(async (_: ALBEvent): Promise<ALBResult> => ({ statusCode: 201 })).use(
      idempotency<ALBEvent, ALBResult>({ key: (event) => event.headers?.['x-request-id'] }),
    )
    const post = { ...alb, httpMethod: 'POST', headers: { 'x-request-id': 'r-1' } }
    await handler(post, lambdaContext())
    const replay = await handler(post, lambdaContext())
    expect(replay.headers?.['idempotent-replayed']).toBe('true')
    const missing = await handler({ ...post, headers: {} }, lambdaContext())
    expect(missing.statusCode).toBe(400)
  })
})

describe('an explicit trigger whose fields the event lacks', () => {
  const triggers = ['eventbridge', 'sns', 's3', 'sqs', 'codepipeline', 'cloudwatch-logs'] as const
  it.each(triggers)(
    "'%s': an IdempotencyKeyError naming its fields, for objects and non-objects",
    async (trigger) => {
      const handler = middy(async () => 1).use(idempotency({ trigger }))
      for (const event of [
        { unrelated: true },
        { Records: [{ eventSource: 'aws:other' }] },
        null,
        'text',
      ]) {
        const failure = handler(event, lambdaContext())
        await expect(failure).rejects.toBeInstanceOf(IdempotencyKeyError)
        await expect(failure).rejects.toThrow(
          `The \`trigger\` option says '${trigger}', but this event has no `,
        )
      }
    },
  )
})
