import { randomUUID } from 'node:crypto'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { albRequest } from '@repo/shared'
import { assertMutationsHandled, eventSeeds, invoke, useLocalAws } from '@repo/shared/harness'
import type { ALBEvent, ALBResult } from 'aws-lambda'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usesMultiValue } from '../src/alb-request.ts'
import { declaration } from '../src/trigger.ts'
import {
  albShapeProblems,
  FILES_BUCKET,
  localAwsOptions,
  localHandler,
} from './support/local-handler.ts'

const aws = useLocalAws({ beforeAll, afterAll }, localAwsOptions)

/** Every status the README's contract table lists. */
const CONTRACT_STATUSES = [200, 202, 302, 304, 400, 404, 405, 409, 413, 415, 422, 500]

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }))

const path = fc.oneof(
  fc.constantFrom('/health', '/jobs', '/jobs/', '/objects/', '/objects/known.txt', '/'),
  fc.tuple(fc.constantFrom('/objects/', '/jobs/', '/', '/health'), text).map(([a, b]) => a + b),
  fc.webPath(),
  text,
)

const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
  fc.string({ minLength: 1, maxLength: 10 }),
)

const headerValue = fc.oneof(
  text,
  fc.constantFrom('application/json', 'application/problem+json; charset=utf-8', 'text/plain', ''),
  fc.uuid(),
)

const headers = fc.record(
  {
    'content-type': headerValue,
    'idempotency-key': fc.oneof(fc.uuid(), text),
    'content-encoding': fc.constantFrom('gzip', 'identity', ''),
    'if-none-match': fc.oneof(fc.constant('*'), text),
    'user-agent': fc.oneof(fc.constant('ELB-HealthChecker/2.0'), text),
    'x-amzn-trace-id': fc.oneof(fc.constant('Root=1-65929ec0-0123456789abcdef01234567'), text),
    other: text,
  },
  { requiredKeys: [] },
)

const validJob = fc
  .record({
    type: fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/),
    payload: fc.dictionary(fc.string(), fc.jsonValue()),
  })
  .map((job) => JSON.stringify(job))

const body = fc.oneof(
  validJob,
  fc.json(),
  text,
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
)

const query = fc.dictionary(fc.oneof(fc.constant('download'), text), text, { maxKeys: 3 })

type Request = {
  method: string
  path: string
  headers: Record<string, string>
  query: Record<string, string>
  body: string
  isBase64Encoded: boolean
  multiValue: boolean
}

const anyRequest: fc.Arbitrary<Request> = fc.record({
  method,
  path,
  headers,
  query,
  body,
  isBase64Encoded: fc.boolean(),
  multiValue: fc.boolean(),
})

// Biased towards the jobs route, so validation, idempotency and the SQS send get exercised too.
const jobsRequest: fc.Arbitrary<Request> = fc.record({
  method: fc.constant('POST'),
  path: fc.constantFrom('/jobs', '/jobs/'),
  headers: fc
    .tuple(headers, fc.constantFrom('application/json', 'application/vnd.api+json', 'text/csv'))
    .map(([random, contentType]) => ({ ...random, 'content-type': contentType })),
  query,
  body: fc.oneof({ weight: 3, arbitrary: validJob }, { weight: 1, arbitrary: body }),
  isBase64Encoded: fc.constant(false),
  multiValue: fc.boolean(),
})

const toAlbEvent = ({ multiValue, ...request }: Request): ALBEvent => ({
  requestContext: {
    elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1' },
  },
  httpMethod: request.method,
  path: request.path,
  body: request.body,
  isBase64Encoded: request.isBase64Encoded,
  ...(multiValue
    ? {
        multiValueHeaders: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, [value]]),
        ),
        multiValueQueryStringParameters: Object.fromEntries(
          Object.entries(request.query).map(([name, value]) => [name, [value, value]]),
        ),
      }
    : { headers: request.headers, queryStringParameters: request.query }),
})

const albEvent = fc.oneof(anyRequest, jobsRequest).map(toAlbEvent)

describe('fuzz', () => {
  it('always answers a well-formed ALB response with a contract status and no stack trace', async () => {
    await aws().clients.s3.send(
      new PutObjectCommand({ Bucket: FILES_BUCKET, Key: 'known.txt', Body: 'known' }),
    )
    const { handler, logged } = localHandler(aws())
    const seen = new Set<number>()
    await fc.assert(
      fc.asyncProperty(albEvent, async (event) => {
        const invocation = await invoke(handler, event, { awsRequestId: randomUUID() })
        expect(invocation.status).toBe('success')
        if (invocation.status !== 'success') return
        const result = invocation.result
        expect(albShapeProblems(result, event.multiValueHeaders !== undefined)).toEqual([])
        expect(CONTRACT_STATUSES).toContain(result.statusCode)
        expect(result.body).not.toMatch(/\n\s+at |\.ts:\d+/)
        // Local AWS is healthy, so no client input may cause a 500.
        expect(result.statusCode, JSON.stringify(logged.entries.at(-1))).not.toBe(500)
        seen.add(result.statusCode)
      }),
      // Seeded: the branch check below is a property of this run's events, so it must be the same
      // run every time (FUZZ_SEED=<n> tries another; fast-check prints the seed on a failure).
      { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 20_261_130) },
    )
    // The generators reach every branch, not just the 404s.
    expect([...seen]).toEqual(expect.arrayContaining([200, 202, 400, 404, 405, 415, 422]))
  })
})

/**
 * Requests that reach each route's own code, so mutations break more than the 404 path. Weighted:
 * the corpus samples all end in 404/405 or a health check.
 */
const routeSeeds = [false, true].flatMap((multiValue) => [
  {
    name: `POST /jobs (multiValue: ${multiValue})`,
    weight: 5,
    event: albRequest({
      method: 'POST',
      path: '/jobs',
      multiValue,
      body: JSON.stringify({ type: 'resize', payload: { width: 1 } }),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'fuzz-key' },
    }),
  },
  {
    name: `GET /objects/known.txt?download (multiValue: ${multiValue})`,
    weight: 5,
    event: albRequest({
      path: '/objects/known.txt',
      multiValue,
      query: 'download=known.txt',
      headers: { 'if-none-match': '"x"' },
    }),
  },
])

describe('mutation fuzz', () => {
  it('answers every mutated ALB event with a well-formed contract status, never a 500', async () => {
    await aws().clients.s3.send(
      new PutObjectCommand({ Bucket: FILES_BUCKET, Key: 'known.txt', Body: 'known' }),
    )
    const { handler, logged } = localHandler(aws())
    await assertMutationsHandled({
      seeds: [...eventSeeds({ fixtures: 'alb', corpus: ['alb'] }), ...routeSeeds],
      invoke: (event) =>
        invoke(handler, event as ALBEvent, {
          awsRequestId: randomUUID(),
          timeoutSeconds: declaration.function.timeout,
        }),
      // Synchronous: every refusal is an answer (problem+json), so no error may escape.
      typedErrors: [],
      check: (invocation, mutated) => {
        if (invocation.status !== 'success') return
        const result = invocation.result as ALBResult
        expect(albShapeProblems(result, usesMultiValue(mutated.event as ALBEvent))).toEqual([])
        expect(CONTRACT_STATUSES).toContain(result.statusCode)
        expect(result.statusCode, JSON.stringify(logged.entries.at(-1))).not.toBe(500)
      },
      numRuns: 400,
    })
  })
})
