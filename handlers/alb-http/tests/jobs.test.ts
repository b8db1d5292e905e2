import { randomUUID } from 'node:crypto'
import { SQSClient } from '@aws-sdk/client-sqs'
import { albRequest } from '@repo/shared'
import {
  countMessages,
  deliverDuplicates,
  invoke,
  readQueue,
  useLocalAws,
} from '@repo/shared/harness'
import type { ALBResult } from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_MAX_BODY_BYTES } from '../src/config.ts'
import { declaration } from '../src/trigger.ts'
import {
  albShapeProblems,
  JOBS_QUEUE,
  jsonBody,
  localAwsOptions,
  localHandler,
  responseHeader,
} from './support/local-handler.ts'

const aws = useLocalAws({ beforeAll, afterAll }, localAwsOptions)

const postJob = (options: {
  body?: string | Uint8Array
  key?: string
  multiValue?: boolean
  headers?: Record<string, string>
}) =>
  albRequest({
    method: 'POST',
    path: '/jobs',
    body: options.body ?? JSON.stringify({ type: 'resize', payload: { width: 100 } }),
    multiValue: options.multiValue,
    headers: {
      'content-type': 'application/json',
      ...(options.key === undefined ? {} : { 'idempotency-key': options.key }),
      ...options.headers,
    },
  })

const run = async (handler: ReturnType<typeof localHandler>['handler'], event = postJob({})) => {
  const invocation = await invoke(handler, event)
  if (invocation.status !== 'success') throw new Error(`invocation ${invocation.status}`)
  return invocation.result as ALBResult
}

beforeEach(async () => {
  await readQueue(aws(), JOBS_QUEUE) // start each test with an empty queue
})

describe.each([false, true])('POST /jobs (multiValue: %s)', (multiValue) => {
  it('sends one message with the job and its type attribute, and answers 202 with Location', async () => {
    const { handler } = localHandler(aws())
    const result = await run(
      handler,
      postJob({
        key: randomUUID(),
        multiValue,
        body: JSON.stringify({ type: 'thumbnail', payload: { id: 7, tags: ['a'] } }),
      }),
    )

    expect(albShapeProblems(result, multiValue)).toEqual([])
    expect(result.statusCode).toBe(202)
    expect(result.statusDescription).toBe('202 Accepted')
    const { jobId } = jsonBody(result)
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/)
    expect(responseHeader(result, 'location')).toEqual([`/jobs/${jobId}`])
    const messages = await readQueue(aws(), JOBS_QUEUE)
    expect(messages).toHaveLength(1)
    expect(messages[0]?.attributes).toEqual({ type: 'thumbnail' })
    expect(JSON.parse(messages[0]?.body ?? '')).toMatchObject({
      jobId,
      type: 'thumbnail',
      payload: { id: 7, tags: ['a'] },
    })
  })

  it('replays a retried POST with the same key: same 202 and body, Idempotent-Replayed, nothing sent', async () => {
    const { handler } = localHandler(aws())
    const event = postJob({ key: randomUUID(), multiValue })
    const first = await run(handler, event)
    const second = await run(handler, event)

    expect(second.statusCode).toBe(202)
    expect(second.body).toBe(first.body)
    expect(responseHeader(second, 'location')).toEqual(responseHeader(first, 'location'))
    expect(responseHeader(second, 'idempotent-replayed')).toEqual(['true'])
    expect(responseHeader(first, 'idempotent-replayed')).toEqual([])
    expect(albShapeProblems(second, multiValue)).toEqual([])
    expect(await countMessages(aws(), JOBS_QUEUE)).toBe(1)
  })

  it('sends exactly one message for duplicates delivered one after another and all at once', async () => {
    const { handler } = localHandler(aws())
    const report = await deliverDuplicates(handler, postJob({ key: 'unused', multiValue }), {
      // The idempotency lock lasts until the deadline: run with the declared timeout, not Lambda's 3 s default.
      timeoutSeconds: declaration.function.timeout,
      times: 4,
      probe: () => countMessages(aws(), JOBS_QUEUE),
      // A fresh key per mode, so the concurrent round races instead of replaying the first.
      eventForMode: () => postJob({ key: randomUUID(), multiValue }),
    })

    expect(report.sideEffects).toEqual({ sequential: 1, concurrent: 1 })
    const statuses = (report.runs.concurrent?.invocations ?? []).map((invocation) =>
      invocation.status === 'success' ? (invocation.result as ALBResult).statusCode : 0,
    )
    expect(statuses.filter((status) => status === 202).length).toBeGreaterThanOrEqual(1)
    expect(statuses.every((status) => status === 202 || status === 409)).toBe(true)
  })

  it('answers 400 when the Idempotency-Key is missing or empty, and sends nothing', async () => {
    const { handler } = localHandler(aws())
    for (const event of [postJob({ multiValue }), postJob({ key: '', multiValue })]) {
      const result = await run(handler, event)
      expect(result.statusCode).toBe(400)
      expect(responseHeader(result, 'content-type')).toEqual(['application/problem+json'])
      expect(albShapeProblems(result, multiValue)).toEqual([])
    }
    expect(await countMessages(aws(), JOBS_QUEUE)).toBe(0)
  })

  it('answers 422 when the same key comes back with another body', async () => {
    const { handler } = localHandler(aws())
    const key = randomUUID()
    await run(handler, postJob({ key, multiValue }))
    const other = await run(
      handler,
      postJob({ key, multiValue, body: JSON.stringify({ type: 'other', payload: {} }) }),
    )
    expect(other.statusCode).toBe(422)
    expect(jsonBody(other)).toMatchObject({ status: 422, type: 'about:blank' })
    expect(await countMessages(aws(), JOBS_QUEUE)).toBe(1)
  })

  it('answers 409 with Retry-After while the first request with the key is still running', async () => {
    // The first request holds the lock once it reaches SQS; SQS then waits for the test.
    const reachedSqs = Promise.withResolvers<void>()
    const gate = Promise.withResolvers<void>()
    const slowSqs = new SQSClient({})
    slowSqs.middlewareStack.add(
      (next) => async (args) => {
        reachedSqs.resolve()
        await gate.promise
        return next(args)
      },
      { step: 'initialize', name: 'holdUntilReleased' },
    )
    const { handler } = localHandler(aws(), { sqs: slowSqs })
    const event = postJob({ key: randomUUID(), multiValue })

    const first = run(handler, event)
    await reachedSqs.promise
    const concurrent = await run(handler, event)
    gate.resolve()

    expect(concurrent.statusCode).toBe(409)
    expect(Number(responseHeader(concurrent, 'retry-after')[0])).toBeGreaterThanOrEqual(1)
    expect(albShapeProblems(concurrent, multiValue)).toEqual([])
    expect((await first).statusCode).toBe(202)
    expect(await countMessages(aws(), JOBS_QUEUE)).toBe(1)
  })
})

describe('POST /jobs with the ELB health checker User-Agent', () => {
  it.each([false, true])(
    'is a real request, not a health check: 202 and one job queued (multiValue: %s)',
    async (multiValue) => {
      const { handler } = localHandler(aws())
      const result = await run(
        handler,
        postJob({
          key: randomUUID(),
          multiValue,
          headers: { 'user-agent': 'ELB-HealthChecker/2.0' },
        }),
      )
      expect(result.statusCode).toBe(202)
      expect(jsonBody(result)).toHaveProperty('jobId')
      expect(await readQueue(aws(), JOBS_QUEUE)).toHaveLength(1)
    },
  )
})

describe('POST /jobs request errors', () => {
  const expectProblem = (result: ALBResult, status: number) => {
    expect(result.statusCode).toBe(status)
    expect(responseHeader(result, 'content-type')).toEqual(['application/problem+json'])
    const problem = jsonBody(result)
    expect(problem).toMatchObject({ type: 'about:blank', status })
    expect(typeof problem.title).toBe('string')
    expect(typeof problem.detail).toBe('string')
    return problem
  }

  it('answers 400 for malformed JSON', async () => {
    const { handler } = localHandler(aws())
    const result = await run(handler, postJob({ key: randomUUID(), body: '{"type": "x",' }))
    expectProblem(result, 400)
  })

  it('answers 422 naming every failing field', async () => {
    const { handler } = localHandler(aws())
    const result = await run(
      handler,
      postJob({
        key: randomUUID(),
        body: JSON.stringify({ type: '', payload: [1], extra: true }),
      }),
    )
    const problem = expectProblem(result, 422)
    const pointers = (problem.errors as { pointer: string }[]).map((error) => error.pointer)
    expect(pointers).toEqual(expect.arrayContaining(['/type', '/payload']))
    expect(pointers.some((pointer) => pointer === '' || pointer.includes('extra'))).toBe(true)
  })

  it('answers 422 for a JSON body that is not an object', async () => {
    const { handler } = localHandler(aws())
    expectProblem(await run(handler, postJob({ key: randomUUID(), body: '[]' })), 422)
  })

  it('answers 415 for a body that is not JSON, or is content-encoded', async () => {
    const { handler } = localHandler(aws())
    const form = postJob({
      key: randomUUID(),
      body: 'type=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expectProblem(await run(handler, form), 415)
    const gzip = postJob({ key: randomUUID(), headers: { 'content-encoding': 'gzip' } })
    expectProblem(await run(handler, gzip), 415)
  })

  it(`answers 413 above the body limit (default ${DEFAULT_MAX_BODY_BYTES} bytes) and accepts it at the limit`, async () => {
    const { handler } = localHandler(aws(), { config: { maxBodyBytes: 200 } })
    const bodyOf = (size: number) => {
      const frame = JSON.stringify({ type: 't', payload: { pad: '' } })
      return JSON.stringify({ type: 't', payload: { pad: 'x'.repeat(size - frame.length) } })
    }
    expect((await run(handler, postJob({ key: randomUUID(), body: bodyOf(200) }))).statusCode).toBe(
      202,
    )
    const over = await run(handler, postJob({ key: randomUUID(), body: bodyOf(201) }))
    expect(expectProblem(over, 413).detail).toContain('at most 200')
  })

  it('answers 500 with a correlation id and no internal detail when SQS fails, then lets a retry run', async () => {
    const broken = localHandler(aws(), {
      config: { jobsQueueUrl: `${aws().endpoints.fauxqs}/000000000000/no-such-queue` },
    })
    const event = postJob({
      key: randomUUID(),
      headers: { 'x-amzn-trace-id': 'Root=1-65929ec0-0123456789abcdef01234567' },
    })
    const result = await run(broken.handler, event)

    const problem = expectProblem(result, 500)
    expect(problem.correlationId).toBe('1-65929ec0-0123456789abcdef01234567')
    // The SQS error's name, message and stack reach the log only.
    const [logged] = broken.logged.entries
    expect(logged).toMatchObject({
      level: 'ERROR',
      message: 'unhandled error',
      correlationId: '1-65929ec0-0123456789abcdef01234567',
      error: { name: expect.any(String), message: expect.stringMatching(/./) },
    })
    const error = logged?.error as { name: string; message: string; stack: string }
    expect(error.stack).toContain('\n    at ')
    for (const secret of [error.name, error.message, 'no-such-queue']) {
      expect(result.body).not.toContain(secret)
    }
    expect(result.body).not.toMatch(/\n\s+at /)

    // Nothing was stored for that key: once SQS works, the same request goes through.
    const { handler } = localHandler(aws())
    expect((await run(handler, event)).statusCode).toBe(202)
    expect(await countMessages(aws(), JOBS_QUEUE)).toBe(1)
  })
})
