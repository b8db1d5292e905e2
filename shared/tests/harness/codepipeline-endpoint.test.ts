import {
  CodePipelineClient,
  InvalidJobStateException,
  JobNotFoundException,
  PutJobFailureResultCommand,
  type PutJobFailureResultCommandInput,
  PutJobSuccessResultCommand,
  type PutJobSuccessResultCommandInput,
  ValidationException,
} from '@aws-sdk/client-codepipeline'
import { type CodePipelineEndpoint, startCodePipelineEndpoint } from '@repo/shared/harness'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

const jobId = '11111111-2222-4333-8444-555555555555'
const unknownJobId = '99999999-2222-4333-8444-555555555555'

describe('CodePipeline endpoint, through the real SDK client', () => {
  let endpoint: CodePipelineEndpoint
  let client: CodePipelineClient
  beforeAll(async () => {
    endpoint = await startCodePipelineEndpoint({
      knownJobIds: [jobId, '22222222-2222-4333-8444-555555555555'],
    })
    client = new CodePipelineClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    })
  })
  afterAll(async () => {
    client.destroy()
    await endpoint.stop()
  })
  beforeEach(() => endpoint.reset())

  it('records a success result', async () => {
    await client.send(
      new PutJobSuccessResultCommand({
        jobId,
        executionDetails: { summary: 'deployed', percentComplete: 100 },
        outputVariables: { version: '42' },
      }),
    )

    expect(endpoint.results).toEqual([
      {
        operation: 'PutJobSuccessResult',
        jobId,
        input: {
          jobId,
          executionDetails: { summary: 'deployed', percentComplete: 100 },
          outputVariables: { version: '42' },
        },
      },
    ])
  })

  it('records a failure result', async () => {
    const input = { jobId, failureDetails: { type: 'JobFailed', message: 'tests failed' } } as const
    await client.send(new PutJobFailureResultCommand(input))

    expect(endpoint.results).toEqual([{ operation: 'PutJobFailureResult', jobId, input }])
  })

  it('answers a second result for the same job as AWS does', async () => {
    const job = '22222222-2222-4333-8444-555555555555'
    await client.send(new PutJobSuccessResultCommand({ jobId: job }))

    await expect(
      client.send(new PutJobSuccessResultCommand({ jobId: job })),
    ).rejects.toBeInstanceOf(InvalidJobStateException)
    expect(endpoint.results).toHaveLength(1)
  })

  it('rejects a missing jobId, a bad failure type and an unknown job with AWS errors', async () => {
    const missingJobId = {} as PutJobSuccessResultCommandInput
    const badType = {
      jobId,
      failureDetails: { type: 'Oops', message: 'x' },
    } as unknown as PutJobFailureResultCommandInput

    const missing = await client
      .send(new PutJobSuccessResultCommand(missingJobId))
      .catch((caught: unknown) => caught)
    expect(missing).toBeInstanceOf(ValidationException)
    expect((missing as Error).message).toBe(
      "1 validation error detected: Value null at 'jobId' failed to satisfy constraint: Member must not be null",
    )
    const error = await client
      .send(new PutJobFailureResultCommand(badType))
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationException)
    expect((error as Error).message).toMatch(
      /'failureDetails.type' failed to satisfy constraint: Member must satisfy enum value set: \[JobFailed, ConfigurationError/,
    )
    await expect(
      client.send(new PutJobSuccessResultCommand({ jobId: unknownJobId })),
    ).rejects.toBeInstanceOf(JobNotFoundException)

    expect(endpoint.results).toEqual([])
    expect(endpoint.requests.map((request) => request.error?.type)).toEqual([
      'ValidationException',
      'ValidationException',
      'JobNotFoundException',
    ])
  })

  it('speaks AWS JSON 1.1 to a raw request too', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'CodePipeline_20150709.ListPipelines',
      },
      body: '{}',
    })

    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' })
  })
})
