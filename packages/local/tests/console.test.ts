import { readdirSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { resolve } from 'node:path'
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import type { S3Event, SNSEvent, SQSEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest } from './support/http-client.ts'
import { eventually, type RunnerProcess, startRunnerProcess } from './support/runner-process.ts'

const fixtures = resolve(import.meta.dirname, 'fixtures/handlers')
const assets = resolve(import.meta.dirname, '../src/control/console/assets')
let runner: RunnerProcess
let port: string

beforeAll(async () => {
  runner = await startRunnerProcess(['--time-scale', '600', '--handlers-dir', fixtures])
  port = new URL(runner.urls.alb).port
})

afterAll(async () => {
  await runner?.stop()
})

const json = (body: Buffer) => JSON.parse(body.toString('utf8'))
const post = (path: string, headers: [string, string][] = [], body = '{}') =>
  rawRequest(`${runner.urls.alb}${path}`, { method: 'POST', headers, body })
const getJson = async (path: string) => json((await rawRequest(`${runner.urls.alb}${path}`)).body)
const sqsClient = () =>
  new SQSClient({
    endpoint: runner.urls.aws,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
const journal = async (): Promise<
  { id: string; handler: string; source: string; status: string }[]
> => getJson('/_local/invocations')

describe('console safety: Host, Origin, loopback', () => {
  it('answers a console or API request only when Host names this listener on loopback', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const response = await rawRequest(`${runner.urls.alb}/_local/status`, {
        headers: [['Host', host]],
      })
      expect(response.status, host).toBe(200)
    }
    // DNS rebinding: an attacker's name resolving to 127.0.0.1; also a wrong port, no port.
    for (const host of [
      `attacker.example:${port}`,
      `127.0.0.1.attacker.example:${port}`,
      `0.0.0.0:${port}`,
      '127.0.0.1:1',
      'localhost',
      '',
    ]) {
      for (const path of ['/_local/', '/_local/status', '/_local/invocations', '/_local/stream']) {
        const response = await rawRequest(`${runner.urls.alb}${path}`, {
          headers: [['Host', host]],
        })
        expect(response.status, `${host} ${path}`).toBe(403)
        expect(response.headers['content-type']).toBe('application/problem+json')
      }
    }
  })

  it('leaves the ALB listener to its own Host rules (host-based routing still sees any Host)', async () => {
    const response = await rawRequest(`${runner.urls.alb}/echo/x`, {
      headers: [['Host', 'api.example.com']],
    })
    expect(response.status).toBe(200)
  })

  it('refuses a state-changing request from a foreign or null Origin, and runs nothing', async () => {
    const before = (await journal()).length
    const event = JSON.stringify({ event: { marker: 'cross-site' }, via: 'direct' })
    for (const origin of [
      'http://attacker.example',
      `http://localhost:${Number(port) + 1}`,
      `https://127.0.0.1:${port}`,
      'null',
    ]) {
      const response = await post('/_local/invoke/alb-echo', [['Origin', origin]], event)
      expect(response.status, origin).toBe(403)
      expect(json(response.body).detail).toContain('own origin')
    }
    const crossSite = await post(
      '/_local/invoke/alb-echo',
      [['Sec-Fetch-Site', 'cross-site']],
      event,
    )
    expect(crossSite.status).toBe(403)
    for (const path of [
      '/_local/fire/eventbridge-events/schedule-1',
      '/_local/purge/always-fails-failures-queue',
      '/_local/redrive/always-fails-failures-queue/x',
      '/_local/upload/s3-objects-uploads-bucket/incoming/x.csv',
      '/_local/events',
    ]) {
      const response = await post(path, [['Origin', 'http://attacker.example']])
      expect(response.status, path).toBe(403)
    }
    expect((await journal()).length).toBe(before)
  })

  it("accepts a state-changing request from the console's own origin, and from non-browser clients", async () => {
    const event = JSON.stringify({ event: { marker: 'own-origin' }, via: 'direct' })
    for (const headers of [
      [['Origin', `http://127.0.0.1:${port}`]],
      [
        ['Host', `localhost:${port}`],
        ['Origin', `http://localhost:${port}`],
      ],
      [['Sec-Fetch-Site', 'same-origin']],
      [],
    ] as [string, string][][]) {
      const response = await post('/_local/invoke/alb-echo', headers, event)
      expect(response.status, JSON.stringify(headers)).toBe(200)
      expect(json(response.body).status).toBe('success')
    }
  })

  it('listens on 127.0.0.1 only: the same port on another local address refuses the connection', async () => {
    expect(new URL(runner.urls.alb).hostname).toBe('127.0.0.1')
    // Linux routes all of 127/8 to loopback; a socket bound to 0.0.0.0 would accept 127.0.0.2.
    const attempt = new Promise<string>((settle) => {
      const probe = request({ host: '127.0.0.2', port, path: '/_local/status' }, () =>
        settle('connected'),
      )
      probe.on('error', (error: NodeJS.ErrnoException) => settle(error.code ?? 'error'))
      probe.end()
    })
    expect(await attempt).toBe('ECONNREFUSED')
  })

  it('binds another address only when asked (--host), and then accepts that address as Host', async () => {
    const other = await startRunnerProcess(['--host', '127.0.0.2'])
    try {
      const url = new URL(other.urls.alb)
      expect(url.hostname).toBe('127.0.0.2')
      const status = await rawRequest(`${other.urls.alb}/_local/status`)
      expect(status.status).toBe(200)
      const rebound = await rawRequest(`${other.urls.alb}/_local/status`, {
        headers: [['Host', `attacker.example:${url.port}`]],
      })
      expect(rebound.status).toBe(403)
      const onLoopback = new Promise<string>((settle) => {
        const probe = request({ host: '127.0.0.1', port: url.port, path: '/' }, () =>
          settle('connected'),
        )
        probe.on('error', (error: NodeJS.ErrnoException) => settle(error.code ?? 'error'))
        probe.end()
      })
      expect(await onLoopback).toBe('ECONNREFUSED')
    } finally {
      await other.stop()
    }
  })

  it('serves the console with a CSP that loads nothing from elsewhere and forbids framing', async () => {
    const page = await rawRequest(`${runner.urls.alb}/_local/`)
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(page.headers['content-security-policy']).toContain("default-src 'none'")
    expect(page.body.toString()).not.toMatch(/https?:\/\/(?!127)/)
    expect((await rawRequest(`${runner.urls.alb}/_local/console/../api.ts`)).status).toBe(404)
    expect((await rawRequest(`${runner.urls.alb}/_local/console/nothing.js`)).status).toBe(404)
  })

  it('keeps its own assets small: under 48 KB together', () => {
    const total = readdirSync(assets).reduce(
      (sum, file) => sum + statSync(resolve(assets, file)).size,
      0,
    )
    expect(total).toBeLessThan(48 * 1024)
  })
})

describe('SQS queue URLs through the public endpoint', () => {
  it('ListQueues, GetQueueUrl and CreateQueue hand out URLs on the advertised endpoint, and they work', async () => {
    const sqs = sqsClient()
    const prefix = `${runner.urls.aws}/000000000000/`
    const listed = (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []
    expect(listed.length).toBeGreaterThan(0)
    for (const url of listed) expect(url.startsWith(prefix), url).toBe(true)
    const byName = await sqs.send(
      new GetQueueUrlCommand({ QueueName: 'always-fails-failures-queue' }),
    )
    expect(byName.QueueUrl).toBe(`${prefix}always-fails-failures-queue`)
    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'made-by-a-test' }))
    expect(created.QueueUrl).toBe(`${prefix}made-by-a-test`)
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: created.QueueUrl, MessageBody: 'hello' }),
    )
    expect(sent.MessageId).toBeTruthy()
    sqs.destroy()
  })
})

describe('console API', () => {
  it('records a direct invoke with its event, result and its own log lines', async () => {
    const response = await post(
      '/_local/invoke/alb-echo',
      [],
      JSON.stringify({ event: { marker: 'journal' }, via: 'direct' }),
    )
    const { requestId } = json(response.body)
    const entry = await getJson(`/_local/invocations/${requestId}`)
    expect(entry).toMatchObject({
      id: requestId,
      handler: 'alb-echo',
      source: 'console',
      mode: 'sync',
      status: 'success',
      event: { marker: 'journal' },
    })
    expect(entry.attempts[0].report).toContain(`REPORT RequestId: ${requestId}`)
  })

  it('streams invocations live (Server-Sent Events) as they happen', async () => {
    const controller = new AbortController()
    const stream = await fetch(`${runner.urls.alb}/_local/stream`, { signal: controller.signal })
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let seen = ''
    await post('/_local/invoke/alb-echo', [], JSON.stringify({ event: { marker: 'live' } }))
    while (!/event: invocation\ndata: [^\n]*"handler":"alb-echo"/.test(seen)) {
      const { value, done } = await reader.read()
      if (done) break
      seen += decoder.decode(value)
    }
    controller.abort()
    expect(seen).toMatch(/^event: snapshot\n/)
    expect(seen).toMatch(/event: invocation\ndata: [^\n]*"source":"console"/)
  })

  it('an async failure ends as a destination record; redrive keeps it while the function still fails; purge empties the queue', async () => {
    const routed = await post(
      '/_local/events',
      [],
      JSON.stringify({ source: 'local.test', id: 'r-1' }),
    )
    expect(routed.status).toBe(202)
    const queue = 'always-fails-failures-queue'
    const detail = await eventually(async () => {
      const found = await getJson(`/_local/queues/${queue}`)
      return found.messages.length > 0 ? found : undefined
    }, 'the destination record')
    expect(detail.group).toBe('on-failure')
    const [message] = detail.messages
    const record = JSON.parse(message.body)
    expect(record.requestPayload).toEqual({ source: 'local.test', id: 'r-1' })
    // The runner settles the journal entry once the record's send returns (it keeps the message
    // id), so a poll can see the record a moment before the entry says failed.
    const failed = await eventually(async () => {
      const found = (await journal()).find((one) => one.id === record.requestContext.requestId)
      return found?.status === 'retrying' ? undefined : found
    }, 'the journal to settle the invocation')
    expect(failed).toMatchObject({ handler: 'always-fails', status: 'failed', attempts: 3 })
    const entry = await getJson(`/_local/invocations/${record.requestContext.requestId}`)
    expect(entry.attempts[1].waitedMs).toBeGreaterThanOrEqual(60_000 / 600 - 5)
    expect(entry.settled).toMatchObject({ onFailureQueue: queue, messageId: message.messageId })

    const redrive = await post(`/_local/redrive/${queue}/${message.messageId}`)
    expect(redrive.status).toBe(409)
    expect(json(redrive.body).detail).toContain('stays in')
    const after = await getJson(`/_local/queues/${queue}`)
    expect(after.messages.map((one: { messageId: string }) => one.messageId)).toContain(
      message.messageId,
    )
    expect((await post(`/_local/purge/${queue}`)).status).toBe(200)
    expect((await getJson(`/_local/queues/${queue}`)).depth).toBe(0)
  })

  it('builds events from the event CLI catalogue and refuses unknown or prototype-named options', async () => {
    const catalogue = await getJson('/_local/catalogue')
    expect(catalogue.map((one: { trigger: string }) => one.trigger)).toContain('s3')
    const built = await post(
      '/_local/build-event/s3',
      [],
      JSON.stringify({ variant: 'put', options: { key: 'a b.csv', bucket: 'b1' } }),
    )
    expect(json(built.body).Records[0].s3).toMatchObject({
      bucket: { name: 'b1' },
      object: { key: 'a+b.csv' },
    })
    for (const options of ['{"__proto__":"x"}', '{"constructor":"x"}', '{"key":1}']) {
      const refused = await post(
        '/_local/build-event/s3',
        [],
        `{"variant":"put","options":${options}}`,
      )
      expect(refused.status, options).toBe(400)
    }
    expect((await post('/_local/build-event/constructor', [], '{}')).status).toBe(404)
  })

  it('groups every declared queue, lists every schedule and every declared bucket', async () => {
    const queues = await getJson('/_local/queues')
    const names = queues.map((one: { name: string }) => one.name)
    expect(names).toContain('always-fails-failures-queue')
    expect(new Set(queues.map((one: { group: string }) => one.group))).toContain('on-failure')
    const schedules = await getJson('/_local/schedules')
    expect(schedules[0]).toMatchObject({ handler: 'eventbridge-events', id: 'schedule-1' })
    expect(Date.parse(schedules[0].firesAt)).toBeGreaterThan(Date.now() - 1000)
    const buckets = await getJson('/_local/buckets')
    expect(buckets.map((one: { name: string }) => one.name)).toContain('s3-objects-uploads-bucket')
  })

  it('sends an event through its real trigger: ALB request, EventBridge put, SNS publish, S3 put', async () => {
    const send = async (handler: string, event: unknown, extra: object = {}) => {
      const response = await post(
        `/_local/invoke/${handler}`,
        [],
        JSON.stringify({ event, via: 'trigger', ...extra }),
      )
      return { status: response.status, body: json(response.body) }
    }
    const built = async (trigger: string, variant: string, options: object) =>
      json(
        (await post(`/_local/build-event/${trigger}`, [], JSON.stringify({ variant, options })))
          .body,
      )
    const arrived = (handler: string, source: string, test: (event: unknown) => boolean) =>
      eventually(async () => {
        for (const one of await journal()) {
          if (one.handler !== handler || one.source !== source) continue
          const entry = await getJson(`/_local/invocations/${one.id}`)
          if (test(entry.event)) return entry
        }
        return undefined
      }, `${handler} invoked by ${source}`)

    const alb = await send('alb-echo', await built('alb', 'get', { path: '/echo/via-trigger' }))
    expect(alb).toMatchObject({ status: 202, body: { sent: 'ALB request', status: 200 } })
    await arrived(
      'alb-echo',
      'alb',
      (event) => (event as { path: string }).path === '/echo/via-trigger',
    )

    const put = await send('always-fails', { source: 'local.test', 'detail-type': 'x', detail: {} })
    expect(put.body).toEqual({ sent: 'EventBridge put', matchedRules: ['always-fails-pattern-1'] })

    const sns = await send(
      'sns-fanout',
      await built('sns', 'notification', { message: 'via-trigger' }),
    )
    expect(sns).toMatchObject({ status: 202, body: { sent: 'SNS publish' } })
    await arrived(
      'sns-fanout',
      'sns',
      (event) => (event as SNSEvent).Records[0]?.Sns.Message === 'via-trigger',
    )

    const s3Event = await built('s3', 'put', {
      bucket: 's3-objects-uploads-bucket',
      key: 'incoming/via-trigger.csv',
    })
    const missing = await send('s3-objects', s3Event)
    expect(missing.status).toBe(400)
    expect(missing.body.detail).toContain('does not exist')
    expect((await send('s3-objects', s3Event, { objectBody: 'a,b\n1,2\n' })).status).toBe(202)
    // Without a body, a replay writes the object's current bytes again, never nothing.
    expect((await send('s3-objects', s3Event)).status).toBe(202)
    const buckets = await getJson('/_local/buckets')
    const uploads = buckets.find(
      (one: { name: string }) => one.name === 's3-objects-uploads-bucket',
    )
    expect(uploads.objects).toContainEqual(
      expect.objectContaining({ key: 'incoming/via-trigger.csv', size: 8 }),
    )
    await arrived(
      's3-objects',
      's3',
      (event) => (event as S3Event).Records[0]?.s3.object.key.includes('via-trigger.csv') ?? false,
    )

    const mismatch = await send('always-fails', s3Event)
    expect(mismatch.status).toBe(400)
    expect(mismatch.body.detail).toContain('direct invoke')
  })

  it('moves a dead-letter message back to its source queue, where the function gets it', async () => {
    const sqs = sqsClient()
    const dlq = 'jobs-worker-jobs-queue-dlq'
    const body = JSON.stringify({ marker: 'from-the-dlq' })
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: `${runner.urls.aws}/000000000000/${dlq}`,
        MessageBody: body,
      }),
    )
    sqs.destroy()
    const queue = await getJson(`/_local/queues/${dlq}`)
    expect(queue).toMatchObject({ group: 'dead-letter', sources: ['jobs-worker-jobs-queue'] })
    expect(queue.messages.map((one: { messageId: string }) => one.messageId)).toContain(
      sent.MessageId,
    )
    const redrive = await post(`/_local/redrive/${dlq}/${sent.MessageId}`)
    expect(redrive.status).toBe(200)
    expect(json(redrive.body)).toMatchObject({
      redriven: sent.MessageId,
      to: 'jobs-worker-jobs-queue',
    })
    await eventually(async () => {
      for (const one of await journal()) {
        if (one.handler !== 'jobs-worker' || one.source !== 'sqs') continue
        const entry = await getJson(`/_local/invocations/${one.id}`)
        if ((entry.event as SQSEvent).Records.some((record) => record.body === body)) return entry
      }
      return undefined
    }, 'jobs-worker invoked with the redriven message')
  })
})
