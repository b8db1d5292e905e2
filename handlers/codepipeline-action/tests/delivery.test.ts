import { CodePipelineClient } from '@aws-sdk/client-codepipeline'
import { DynamoDBStore, MemoryStore } from '@repo/idempotency'
import {
  deliverDuplicates,
  invoke,
  invokeAsync,
  readDestinationRecords,
  useLocalAws,
} from '@repo/shared/harness'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createHandler } from '../src/handler.ts'
import { declaration } from '../src/trigger.ts'
import { ARTIFACT_BUCKET, jobFor, releaseZip, testConfig } from './support/release-fixtures.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  {
    buckets: [ARTIFACT_BUCKET],
    queues: ['failures', 'successes'],
    tables: [{ name: 'idempotency', partitionKey: 'id' }],
  },
)

const clients: CodePipelineClient[] = []
/** A CodePipeline client whose first `failures` calls die before reaching the endpoint. */
const codePipelineClient = (failures = 0): CodePipelineClient => {
  const client = new CodePipelineClient({})
  let left = failures
  client.middlewareStack.add(
    (next) => async (args) => {
      if (left-- > 0)
        throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'NetworkError' })
      return next(args)
    },
    { step: 'initialize', name: 'failFirstCalls' },
  )
  clients.push(client)
  return client
}
afterAll(() => {
  for (const client of clients) client.destroy()
})
beforeEach(() => aws().codePipeline.reset())

const dynamoStore = () =>
  new DynamoDBStore({ client: aws().clients.dynamodb, tableName: 'idempotency' })

const manifest = { name: 'orders-api', version: '2.0.0' }

describe('idempotent per job id', () => {
  it('a retried invocation after the job was reported reports nothing and succeeds', async () => {
    const handler = createHandler({
      config: testConfig(),
      codePipeline: codePipelineClient(),
      store: dynamoStore(),
    })
    const event = await jobFor(aws().clients.s3, releaseZip(manifest))
    const first = await invoke(handler, event)
    const retry = await invoke(handler, event)

    expect(first.status).toBe('success')
    expect(retry.status).toBe('success')
    expect(retry.status === 'success' && retry.result).toEqual(
      first.status === 'success' && first.result,
    )
    // One request in all: the retry never called CodePipeline.
    expect(aws().codePipeline.requests).toHaveLength(1)
    expect(aws().codePipeline.results).toHaveLength(1)
  })

  it('a job already reported by an earlier run whose record was lost is not failed', async () => {
    const event = await jobFor(aws().clients.s3, releaseZip(manifest))
    const build = () =>
      createHandler({
        config: testConfig(),
        codePipeline: codePipelineClient(),
        store: new MemoryStore(),
      })
    await invoke(build(), event)
    const second = await invoke(build(), event)

    expect(second.status).toBe('success')
    expect(second.status === 'success' && second.result.delivery).toBe('already-reported')
    expect(aws().codePipeline.results).toHaveLength(1)
    expect(aws().codePipeline.requests.at(-1)?.error?.type).toBe('InvalidJobStateException')
  })

  it('duplicate deliveries, one after another and all at once, report once', async () => {
    const handler = createHandler({
      config: testConfig(),
      codePipeline: codePipelineClient(),
      store: dynamoStore(),
    })
    const events = {
      sequential: await jobFor(aws().clients.s3, releaseZip(manifest)),
      concurrent: await jobFor(aws().clients.s3, releaseZip(manifest)),
    }
    const report = await deliverDuplicates(handler, events.sequential, {
      // The idempotency lock lasts until the deadline: run with the declared timeout, not Lambda's 3 s default.
      timeoutSeconds: declaration.function.timeout,
      times: 4,
      eventForMode: (mode) => events[mode],
      probe: () => aws().codePipeline.results.length,
    })

    expect(report.sideEffects).toEqual({ sequential: 1, concurrent: 1 })
    const invocations = [
      ...(report.runs.sequential?.invocations ?? []),
      ...(report.runs.concurrent?.invocations ?? []),
    ]
    // Concurrent duplicates wait for the first one's result instead of failing.
    expect(invocations.map((run) => run.status)).toEqual(Array(8).fill('success'))
    expect(aws().codePipeline.requests.filter((request) => request.error)).toEqual([])
  })
})

describe('asynchronous invocation', () => {
  it('a job whose report cannot be sent fails, is retried, and ends in the destination', async () => {
    const handler = createHandler({
      config: testConfig(),
      codePipeline: codePipelineClient(Number.POSITIVE_INFINITY),
      store: dynamoStore(),
    })
    const event = await jobFor(aws().clients.s3, releaseZip(manifest))
    const report = await invokeAsync(handler, event, {
      maximumRetryAttempts: 2,
      onFailure: { sqs: aws().clients.sqs, queueUrl: aws().queueUrl('failures') },
    })

    expect(report.attempts.map((attempt) => [attempt.status, attempt.offsetMs])).toEqual([
      ['error', 0],
      ['error', 60_000],
      ['error', 180_000],
    ])
    const attempt = report.attempts[0]?.invocation
    expect(attempt?.status === 'error' && attempt.error.errorType).toBe('JobReportError')
    const [record] = await readDestinationRecords(aws(), 'failures')
    expect(record?.requestContext).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    })
    expect(record?.requestPayload).toEqual(event)
    expect(aws().codePipeline.results).toEqual([])
  })

  it('a report that fails once is sent by the retry, exactly once', async () => {
    const handler = createHandler({
      config: testConfig(),
      codePipeline: codePipelineClient(1),
      store: dynamoStore(),
    })
    const event = await jobFor(aws().clients.s3, releaseZip(manifest))
    const report = await invokeAsync(handler, event, {
      onSuccess: { sqs: aws().clients.sqs, queueUrl: aws().queueUrl('successes') },
    })

    expect(report.attempts.map((attempt) => attempt.status)).toEqual(['error', 'success'])
    expect(report.condition).toBe('Success')
    const [record] = await readDestinationRecords(aws(), 'successes')
    expect(record?.responsePayload).toMatchObject({ outcome: 'succeeded', delivery: 'reported' })
    expect(aws().codePipeline.results.map((result) => result.operation)).toEqual([
      'PutJobSuccessResult',
    ])
  })
})
