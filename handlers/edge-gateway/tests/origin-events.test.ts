import { cloudFrontRequestEvent, cloudFrontResponseEvent } from '@repo/shared'
import { invoke } from '@repo/shared/harness'
import type { CloudFrontRequest, CloudFrontResponse } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createHandler } from '../src/handler.ts'
import { testConfig } from './support/config.ts'
import { corpusSample, requestOf } from './support/events.ts'
import { newSigningKey } from './support/tokens.ts'

const config = testConfig(newSigningKey().publicKeyPem)
const handler = createHandler({ config })

const run = async (event: unknown) => {
  const result = await invoke(handler, event)
  if (result.status !== 'success') throw new Error(`invocation failed: ${JSON.stringify(result)}`)
  return result.result
}

describe('origin request', () => {
  it('keeps the ALB (the default custom origin) for /jobs and /objects', async () => {
    for (const uri of ['/jobs/1', '/objects', '/objects/a/b.txt']) {
      const event = corpusSample.originRequest()
      requestOf(event).uri = uri
      const before = structuredClone(requestOf(event))
      expect(await run(event), uri).toEqual(before)
    }
  })

  it('sends static paths to the S3 origin, signed, with its Host; / becomes /index.html', async () => {
    const result = (await run(corpusSample.originRequest())) as CloudFrontRequest
    expect(result.origin).toEqual({
      s3: {
        authMethod: 'origin-access-identity',
        customHeaders: {},
        domainName: config.staticOrigin.domainName,
        path: '',
        region: config.staticOrigin.region,
      },
    })
    expect(result.headers.host).toEqual([{ key: 'Host', value: config.staticOrigin.domainName }])
    expect(result.uri).toBe('/index.html')
  })
})

describe('origin response', () => {
  const cacheControl = async (status: number, uri = '/app.js', originValue?: string) => {
    const event = cloudFrontResponseEvent({
      eventType: 'origin-response',
      uri,
      status,
      responseHeaders: originValue === undefined ? {} : { 'Cache-Control': originValue },
    })
    const result = (await run(event)) as CloudFrontResponse
    return result.headers['cache-control']?.[0]?.value
  }

  it('sets the default Cache-Control of the corpus sample (200, none from the origin)', async () => {
    const result = (await run(corpusSample.originResponse())) as CloudFrontResponse
    expect(result.status).toBe('200')
    expect(result.headers['cache-control']).toEqual([
      { key: 'Cache-Control', value: 'public, max-age=300' },
    ])
  })

  it.each([
    [200, undefined, 'public, max-age=300'],
    [200, 'max-age=5', 'max-age=5'],
    [301, undefined, 'public, max-age=3600'],
    [302, undefined, 'no-store'],
    [404, 'max-age=86400', 'public, max-age=60'],
    [503, 'max-age=86400', 'no-store'],
  ])('status %i with origin Cache-Control %s → %s', async (status, originValue, expected) => {
    expect(await cacheControl(status, '/app.js', originValue)).toBe(expected)
  })

  it('never lets a protected answer be shared, whatever the origin says', async () => {
    expect(await cacheControl(200, '/jobs/1', 'public, max-age=600')).toBe('private, no-store')
  })
})

describe('viewer response', () => {
  it('adds the security headers to the corpus sample and leaves the rest as it was', async () => {
    const event = corpusSample.viewerResponse()
    const before = structuredClone(event.Records[0]?.cf.response) as CloudFrontResponse
    const result = (await run(event)) as CloudFrontResponse
    expect(result.status).toBe(before.status)
    expect(result.headers).toEqual({
      ...before.headers,
      'strict-transport-security': [
        { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
      ],
      'content-security-policy': [
        { key: 'Content-Security-Policy', value: config.contentSecurityPolicy },
      ],
      'x-content-type-options': [{ key: 'X-Content-Type-Options', value: 'nosniff' }],
      'referrer-policy': [{ key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' }],
    })
  })

  it('adds them to a generated fixture too (any status CloudFront passes)', async () => {
    const event = cloudFrontResponseEvent({ eventType: 'viewer-response', status: 204 })
    const result = (await run(event)) as CloudFrontResponse
    expect(result.status).toBe('204')
    expect(Object.keys(result.headers)).toContain('strict-transport-security')
  })

  it('runs for a request event of the other kind only by its event type', async () => {
    const event = cloudFrontRequestEvent({ eventType: 'origin-request', uri: '/jobs/1' })
    expect(((await run(event)) as CloudFrontRequest).uri).toBe('/jobs/1')
  })
})
