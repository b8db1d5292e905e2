import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunnerProcess, startRunnerProcess } from './support/runner-process.ts'

// npm start with the repository's handlers: edge-gateway (Lambda@Edge, four event types) runs
// in front of alb-http on the local CloudFront listener; requests go through a real HTTP client.
let runner: RunnerProcess
let s3: S3Client
let cloudfront: string

interface Invocation {
  id: string
  handler: string
  source: string
}
interface AlbEvent {
  path: string
  queryStringParameters?: Record<string, string>
  multiValueQueryStringParameters?: Record<string, string[]>
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
}

const albInvocations = async (): Promise<Invocation[]> =>
  ((await (await fetch(`${runner.urls.alb}/_local/invocations`)).json()) as Invocation[]).filter(
    (entry) => entry.handler === 'alb-http',
  )
const eventOf = async (id: string): Promise<AlbEvent> =>
  (
    (await (await fetch(`${runner.urls.alb}/_local/invocations/${id}`)).json()) as {
      event: AlbEvent
    }
  ).event

beforeAll(async () => {
  runner = await startRunnerProcess()
  cloudfront = runner.urls.cloudfront ?? ''
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: runner.urls.aws,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    forcePathStyle: true,
  })
}, 60_000)

afterAll(async () => {
  await runner?.stop()
})

describe('npm start: the local CloudFront distribution in front of alb-http', () => {
  it('is listed next to the ALB listener', () => {
    expect(cloudfront).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(runner.output.join('\n')).toMatch(/CloudFront {6}http:\/\/127\.0\.0\.1:\d+/)
  })

  it('reaches alb-http with the request the edge functions rewrote, and answers with their headers', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'alb-http-files-bucket',
        Key: 'report.txt',
        Body: 'through the edge',
        ContentType: 'text/plain',
      }),
    )
    const answer = await fetch(`${cloudfront}//objects/./report.txt?utm_source=mail&b=2&a=1`, {
      headers: { 'X-Gateway-Subject': 'admin' },
    })
    expect(answer.status).toBe(200)
    expect(await answer.text()).toBe('through the edge')
    // viewer response
    expect(answer.headers.get('strict-transport-security')).toBe(
      'max-age=63072000; includeSubDomains',
    )
    expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'self'/)
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff')
    expect(answer.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    // origin response
    expect(answer.headers.get('cache-control')).toBeTruthy()
    expect(answer.headers.get('x-amz-cf-id')).toMatch(/^[A-Za-z0-9_-]{56}$/)

    // What alb-http received: the viewer-request step's path and query, CloudFront's Via, and
    // no client-supplied subject header.
    const [last] = (await albInvocations()).slice(-1)
    const event = await eventOf(last?.id ?? '')
    expect(event.path).toBe('/objects/report.txt')
    // alb-http's target group may run in either header mode: read both.
    const query =
      event.multiValueQueryStringParameters ??
      Object.fromEntries(
        Object.entries(event.queryStringParameters ?? {}).map(([name, value]) => [name, [value]]),
      )
    const headers =
      event.multiValueHeaders ??
      Object.fromEntries(
        Object.entries(event.headers ?? {}).map(([name, value]) => [name, [value]]),
      )
    expect(query).toEqual({ a: ['1'], b: ['2'] })
    expect(headers.via?.[0]).toMatch(/CloudFront/)
    expect(headers['x-gateway-subject']).toBeUndefined()
  })

  it('answers 401 at the edge for /jobs without a token: alb-http is never invoked', async () => {
    const before = (await albInvocations()).length
    const answer = await fetch(`${cloudfront}/jobs/any`)
    expect(answer.status).toBe(401)
    expect(answer.headers.get('content-type')).toBe('application/problem+json')
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/)
    expect((await albInvocations()).length).toBe(before)
  })

  it('serves a static path from the S3 origin the origin-request step chose', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'lambda-triggers-static' }))
    await s3.send(
      new PutObjectCommand({
        Bucket: 'lambda-triggers-static',
        Key: 'index.html',
        Body: '<h1>static</h1>',
        ContentType: 'text/html',
      }),
    )
    const answer = await fetch(`${cloudfront}/`)
    expect(answer.status).toBe(200)
    expect(await answer.text()).toBe('<h1>static</h1>')
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300')
  })
})
