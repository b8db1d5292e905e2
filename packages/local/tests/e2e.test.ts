import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, type RunnerProcess, startRunnerProcess } from './support/runner-process.ts'

const fixtures = resolve(import.meta.dirname, 'fixtures/handlers')
let runner: RunnerProcess
let s3: S3Client
let sqs: SQSClient
let sns: SNSClient

interface Status {
  handlers: { name: string; invocations: number; errors: number }[]
  resources: { kind: string; name: string; url?: string; arn?: string }[]
  destinations: { handler: string; queue: string; url: string; waiting: number }[]
}
const status = async (): Promise<Status> =>
  (await fetch(runner.urls.status)).json() as Promise<Status>
const counts = (document: Status, handler: string) => {
  const found = document.handlers.find((h) => h.name === handler)
  return { invocations: found?.invocations ?? 0, errors: found?.errors ?? 0 }
}
const plus = (
  base: { invocations: number; errors: number },
  more: { invocations: number; errors: number },
) => ({ invocations: base.invocations + more.invocations, errors: base.errors + more.errors })
const waiting = (document: Status, handler: string) =>
  document.destinations.find((d) => d.handler === handler)?.waiting ?? 0
const reportLines = (handler: string) =>
  runner.output.filter((line) =>
    new RegExp(`^${handler}\\s+REPORT RequestId: \\S+\\tDuration: `).test(line),
  ).length
const queueUrl = async (name: string) => {
  const found = (await status()).resources.find((r) => r.kind === 'queue' && r.name === name)
  if (!found?.url) throw new Error(`no queue ${name}`)
  return found.url
}
const receive = async (name: string) => {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: await queueUrl(name),
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
    }),
  )
  return Messages
}

beforeAll(async () => {
  // 600×: Lambda's 1 + 2 minute retry waits take 0.3 s.
  runner = await startRunnerProcess(['--time-scale', '600', '--handlers-dir', fixtures])
  const common = {
    region: 'us-east-1',
    endpoint: runner.urls.aws,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }
  s3 = new S3Client({ ...common, forcePathStyle: true })
  sqs = new SQSClient(common)
  sns = new SNSClient(common)
})

afterAll(async () => {
  await runner?.stop()
})

describe('npm start, driven from outside', () => {
  it('ALB + SQS (alb-http → jobs-worker): POST /jobs, then GET /jobs/<id> only moves forward (queued, running) to succeeded, and the result exists', async () => {
    const response = await fetch(`${runner.urls.alb}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'e2e-job-1' },
      body: JSON.stringify({ type: 'report', payload: { title: 'e2e', values: [3, 1, 2] } }),
    })
    expect(response.status).toBe(202)
    const location = response.headers.get('location') ?? ''
    const { jobId } = (await response.json()) as { jobId: string }
    expect(location).toBe(`/jobs/${jobId}`)

    // Poll as a client would, recording every status seen, until the job is done.
    const seen: string[] = []
    const done = await eventually(async () => {
      const poll = await fetch(`${runner.urls.alb}${location}`)
      expect(poll.status).toBe(200)
      const document = (await poll.json()) as {
        status: string
        links: { result?: { bucket: string; key: string } }
      }
      if (seen.at(-1) !== document.status) seen.push(document.status)
      if (document.status === 'queued' || document.status === 'running') {
        expect(poll.headers.get('retry-after')).toBe('1')
        return undefined
      }
      return document
    }, 'the job to finish')
    expect(done.status).toBe('succeeded')
    // Only forward moves: some of queued, running, then succeeded.
    const order = ['queued', 'running', 'succeeded']
    expect(seen.map((status) => order.indexOf(status))).toEqual(
      [...seen.map((status) => order.indexOf(status))].sort(),
    )
    expect(seen.at(-1)).toBe('succeeded')

    const result = done.links.result
    if (result === undefined) throw new Error('no result link')
    const stored = await s3.send(new GetObjectCommand({ Bucket: result.bucket, Key: result.key }))
    expect(JSON.parse((await stored.Body?.transformToString()) ?? '{}')).toMatchObject({
      jobId,
      result: { title: 'e2e', count: 3, median: 2 },
    })
    const unknown = await fetch(`${runner.urls.alb}/jobs/${jobId.replace(/.$/, 'x')}`)
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toBe('application/problem+json')
    const health = await fetch(`${runner.urls.alb}/health`)
    expect(health.status).toBe(200)
  })

  it('ALB, single-value mode: the event is ALB-shaped and the base64 response is decoded', async () => {
    const response = await fetch(`${runner.urls.alb}/echo/x?q=a%20b&q=last&status=201`, {
      headers: { 'X-Custom': 'one', 'x-forwarded-for': '198.51.100.7' },
    })
    expect(response.status).toBe(201)
    expect(response.statusText).toBe('Echoed')
    expect(response.headers.get('x-greeting')).toBe('hello')
    const event = (await response.json()) as Record<string, unknown>
    expect(event).toMatchObject({
      httpMethod: 'GET',
      path: '/echo/x',
      queryStringParameters: { q: 'last', status: '201' },
      isBase64Encoded: false,
      body: '',
      headers: {
        'x-custom': 'one',
        'x-forwarded-for': '198.51.100.7, 127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-port': new URL(runner.urls.alb).port,
      },
    })
    expect(event).not.toHaveProperty('multiValueHeaders')
    expect((event.headers as Record<string, string>)['x-amzn-trace-id']).toMatch(
      /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/,
    )
  })

  it('ALB: a result ALB refuses is a 502, a path no rule matches is the listener default 404', async () => {
    const broken = await fetch(`${runner.urls.alb}/echo?broken`)
    expect(broken.status).toBe(502)
    expect(await broken.text()).toContain('502 Bad Gateway')
    const unrouted = await fetch(`${runner.urls.alb}/nowhere`)
    expect(unrouted.status).toBe(404)
    expect(await unrouted.text()).toContain('No ALB rule matches')
  })

  it('S3: a CSV uploaded with the AWS SDK produces its summary object', async () => {
    const bucket = 's3-objects-uploads-bucket'
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'incoming/sales q1.csv',
        Body: 'region,total\neu,10\nus,32\n',
      }),
    )
    const summary = await eventually(async () => {
      const object = await s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: 'processed/incoming/sales q1.csv.summary.json',
        }),
      )
      return JSON.parse((await object.Body?.transformToString()) ?? '{}') as Record<string, unknown>
    }, 'the summary object')
    expect(summary).toMatchObject({ rows: 2 })
  })

  it('EventBridge: a schedule fired now runs housekeeping, which writes its report', async () => {
    const fired = await fetch(`${runner.urls.alb}/_local/fire/eventbridge-events/schedule-1`, {
      method: 'POST',
    })
    expect(fired.status).toBe(202)
    const reports = await eventually(async () => {
      const { Contents = [] } = await s3.send(
        new ListObjectsV2Command({
          Bucket: 'eventbridge-events-uploads-bucket',
          Prefix: 'reports/',
        }),
      )
      return Contents.length > 0 ? Contents : undefined
    }, 'the housekeeping report')
    expect(reports[0]?.Key).toMatch(/^reports\/\d{4}-\d{2}-\d{2}\.json$/)
  })

  it('SNS: a publish to the topic is routed by sns-fanout to the queue for its type', async () => {
    const topic = (await status()).resources.find((r) => r.kind === 'topic')
    await sns.send(
      new PublishCommand({
        TopicArn: topic?.arn,
        Message: JSON.stringify({ orderId: 'o-1' }),
        MessageAttributes: { type: { DataType: 'String', StringValue: 'order' } },
      }),
    )
    const messages = await eventually(async () => {
      const received = await receive('sns-fanout-orders-queue')
      return received.length > 0 ? received : undefined
    }, 'the routed order')
    expect(messages[0]?.Body).toContain('o-1')
  })

  it('CodePipeline: a job with a valid release artifact is reported as succeeded', async () => {
    const code = 'export const handler = () => 1\n'
    const zip = zipSync({
      'release.json': strToU8(
        JSON.stringify({
          name: 'orders-api',
          version: '1.4.0',
          checksums: { 'dist/index.mjs': createHash('sha256').update(code).digest('hex') },
        }),
      ),
      'dist/index.mjs': strToU8(code),
    })
    const response = await fetch(`${runner.urls.alb}/_local/pipeline-job/codepipeline-action`, {
      method: 'POST',
      body: zip,
    })
    const outcome = (await response.json()) as {
      status: string
      steps: { reported?: { operation: string } }[]
    }
    expect(outcome.status).toBe('Succeeded')
    expect(outcome.steps.at(-1)?.reported?.operation).toBe('PutJobSuccessResult')
  })

  it('async errors: retried twice, then the original event is in the on-failure queue', async () => {
    const before = await status()
    const event = {
      version: '0',
      id: 'e2e-failing-event',
      source: 'local.test',
      'detail-type': 'Test',
      detail: {},
    }
    const routed = await fetch(`${runner.urls.alb}/_local/events`, {
      method: 'POST',
      body: JSON.stringify(event),
    })
    expect(await routed.json()).toEqual({ matchedRules: ['always-fails-pattern-1'] })
    const messages = await eventually(async () => {
      const received = await receive('always-fails-failures-queue')
      return received.length > 0 ? received : undefined
    }, 'the destination record')
    const record = JSON.parse(messages[0]?.Body ?? '{}')
    expect(record).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: event,
      responsePayload: { errorType: 'DownstreamUnavailableError' },
    })
    const after = await status()
    expect(counts(after, 'always-fails')).toEqual(
      plus(counts(before, 'always-fails'), { invocations: 3, errors: 3 }),
    )
    expect(waiting(after, 'always-fails')).toBe(waiting(before, 'always-fails') + 1)
  })

  it('/_local/status counts each synchronous invocation, and each prints a REPORT line', async () => {
    const before = await status()
    const reportsBefore = reportLines('alb-echo')
    expect((await fetch(`${runner.urls.alb}/echo/count`)).status).toBe(200)
    // A result ALB refuses (502) is still a successful invocation for Lambda.
    expect((await fetch(`${runner.urls.alb}/echo?broken`)).status).toBe(502)
    expect(counts(await status(), 'alb-echo')).toEqual(
      plus(counts(before, 'alb-echo'), { invocations: 2, errors: 0 }),
    )
    await eventually(
      async () => (reportLines('alb-echo') >= reportsBefore + 2 ? true : undefined),
      'two REPORT lines from alb-echo',
    )
  })
})
