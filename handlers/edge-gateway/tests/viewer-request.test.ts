import { cloudFrontRequestEvent } from '@repo/shared'
import { invoke } from '@repo/shared/harness'
import type {
  CloudFrontRequest,
  CloudFrontRequestEvent,
  CloudFrontResultResponse,
} from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createHandler, type EdgeResult } from '../src/handler.ts'
import { SUBJECT_HEADER } from '../src/viewer-request.ts'
import { AUDIENCE, testConfig } from './support/config.ts'
import { corpusSample, requestOf } from './support/events.ts'
import { newSigningKey, signToken } from './support/tokens.ts'

const NOW = Date.UTC(2026, 0, 1) // ms
const nowSeconds = NOW / 1000
const key = newSigningKey()
const handler = createHandler({ config: testConfig(key.publicKeyPem), now: () => NOW })

const run = async (event: CloudFrontRequestEvent): Promise<EdgeResult> => {
  const result = await invoke(handler, event)
  if (result.status !== 'success') throw new Error(`invocation failed: ${JSON.stringify(result)}`)
  return result.result
}
const asRequest = (result: EdgeResult) => result as CloudFrontRequest
const asResponse = (result: EdgeResult) => result as CloudFrontResultResponse

const jobsRequest = (authorization?: string, uri = '/jobs/42') =>
  cloudFrontRequestEvent({
    uri,
    headers: authorization === undefined ? {} : { Authorization: authorization },
  })

describe('viewer request', () => {
  it('passes the corpus sample (GET /) on unchanged', async () => {
    const event = corpusSample.viewerRequest()
    const before = structuredClone(requestOf(event))
    expect(await run(event)).toEqual(before)
  })

  it('normalises the path and the query string into one cache key', async () => {
    const result = asRequest(
      await run(
        cloudFrontRequestEvent({
          uri: '/static//css/./../img/%7elogo%2fx.png',
          querystring: 'b=2&utm_source=news&&a=1&fbclid=abc&a=0',
        }),
      ),
    )
    expect(result.uri).toBe('/static/img/~logo%2Fx.png')
    expect(result.querystring).toBe('a=0&a=1&b=2')
  })

  it('redirects plain HTTP on an HTTPS-only host, keeping the normalised path and query', async () => {
    const result = asResponse(
      await run(
        cloudFrontRequestEvent({
          uri: '//docs/',
          querystring: 'utm_medium=x&q=1',
          headers: { Host: 'gateway.example.com', 'CloudFront-Forwarded-Proto': 'http' },
        }),
      ),
    )
    expect(result.status).toBe('301')
    expect(result.headers?.location).toEqual([
      { key: 'Location', value: 'https://gateway.example.com/docs/?q=1' },
    ])
  })

  it('does not redirect HTTPS, nor HTTP on a host that is not HTTPS-only', async () => {
    for (const headers of [
      { Host: 'gateway.example.com', 'CloudFront-Forwarded-Proto': 'https' },
      { Host: 'other.example.com', 'CloudFront-Forwarded-Proto': 'http' },
    ]) {
      expect(asRequest(await run(cloudFrontRequestEvent({ uri: '/a', headers }))).uri).toBe('/a')
    }
  })

  describe('tokens on /jobs', () => {
    const claims = { sub: 'user-7', aud: AUDIENCE, exp: nowSeconds + 60 }

    it('forwards a valid token with its subject for the ALB', async () => {
      const result = asRequest(
        await run(jobsRequest(`Bearer ${signToken(key.privateKey, claims)}`)),
      )
      expect(result.uri).toBe('/jobs/42')
      expect(result.headers[SUBJECT_HEADER.toLowerCase()]).toEqual([
        { key: SUBJECT_HEADER, value: 'user-7' },
      ])
    })

    it.each([
      ['missing', undefined],
      ['expired', `Bearer ${signToken(key.privateKey, { ...claims, exp: nowSeconds })}`],
      ['forged', `Bearer ${signToken(newSigningKey().privateKey, claims)}`],
      [
        'tampered',
        `Bearer ${signToken(key.privateKey, claims).replace(/^([^.]+)\.[^.]+/, (_m, h: string) => `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}`)}`,
      ],
      ['alg none', `Bearer ${signToken(key.privateKey, claims, { alg: 'none' })}`],
      ['wrong audience', `Bearer ${signToken(key.privateKey, { ...claims, aud: 'other' })}`],
      ['not yet valid', `Bearer ${signToken(key.privateKey, { ...claims, nbf: nowSeconds + 5 })}`],
      ['garbage', 'Bearer not.a.token!'],
      ['oversized', `Bearer ${'a'.repeat(5000)}.b.c`],
    ])('answers 401 at the edge for a %s token', async (_name, authorization) => {
      const result = asResponse(await run(jobsRequest(authorization)))
      expect(result.status).toBe('401')
      expect(result.headers?.['content-type']).toEqual([
        { key: 'Content-Type', value: 'application/problem+json' },
      ])
      expect(JSON.parse(result.body ?? '')).toMatchObject({ status: 401, title: 'Unauthorized' })
    })

    it('protects every spelling of /jobs (case of the path aside), not /jobsx', async () => {
      for (const uri of ['/jobs', '//jobs/1', '/x/../jobs/1', '/%6Aobs/1', '/./jobs']) {
        expect(asResponse(await run(jobsRequest(undefined, uri))).status, uri).toBe('401')
      }
      expect(asRequest(await run(jobsRequest(undefined, '/jobsx'))).uri).toBe('/jobsx')
    })

    it("removes a client's own subject header everywhere, so the ALB can trust it", async () => {
      const spoofed = cloudFrontRequestEvent({ uri: '/a', headers: { [SUBJECT_HEADER]: 'admin' } })
      expect(asRequest(await run(spoofed)).headers[SUBJECT_HEADER.toLowerCase()]).toBeUndefined()
    })
  })

  it('refuses an event that is not CloudFront-shaped, naming the field', async () => {
    const result = await invoke(handler, { Records: [{ cf: { config: {} } }] })
    expect(result.status).toBe('error')
    expect(result.status === 'error' && result.error.errorMessage).toMatch(/eventType/)
  })
})
