import middy from '@middy/core'
import { albRequest } from '@repo/shared'
import { invoke } from '@repo/shared/harness'
import type { ALBEvent, ALBResult } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { correlationId, queryParameters } from '../src/alb-request.ts'
import { albResponses } from '../src/alb-response.ts'
import { albShapeProblems } from './support/local-handler.ts'

/** A route that sets two cookies, behind the same response middleware the handler uses. */
const cookieHandler = middy<ALBEvent, ALBResult>(async () => ({
  statusCode: 201,
  headers: { 'Content-Type': 'text/plain' },
  multiValueHeaders: {
    'Set-Cookie': ['session=abc; HttpOnly', 'theme=dark; Path=/'],
    Vary: ['Accept', 'Origin'],
  },
  body: 'created',
})).use(albResponses())

const answer = async (event: ALBEvent): Promise<ALBResult> => {
  const invocation = await invoke(cookieHandler, event)
  if (invocation.status !== 'success') throw new Error(`invocation ${invocation.status}`)
  return invocation.result
}

describe('albResponses', () => {
  it('answers a multi-value request in multiValueHeaders, keeping every Set-Cookie', async () => {
    const result = await answer(albRequest({ path: '/', multiValue: true }))
    expect(albShapeProblems(result, true)).toEqual([])
    expect(result).toEqual({
      statusCode: 201,
      statusDescription: '201 Created',
      multiValueHeaders: {
        'content-type': ['text/plain'],
        'set-cookie': ['session=abc; HttpOnly', 'theme=dark; Path=/'],
        vary: ['Accept', 'Origin'],
      },
      body: 'created',
      isBase64Encoded: false,
    })
  })

  it('answers a single-value request in headers: lists joined, the last cookie kept', async () => {
    const result = await answer(albRequest({ path: '/' }))
    expect(albShapeProblems(result, false)).toEqual([])
    expect(result.headers).toEqual({
      'content-type': 'text/plain',
      'set-cookie': 'theme=dark; Path=/',
      vary: 'Accept, Origin',
    })
  })
})

describe('queryParameters', () => {
  const raw = 'name=r%C3%A9sum%C3%A9&literal=%2541&space=a+b%20c&tag=1&tag=2'

  it('decodes a multi-value query exactly once, keeping repeated names', () => {
    expect(queryParameters(albRequest({ query: raw, multiValue: true }))).toEqual({
      name: ['résumé'],
      literal: ['%41'],
      space: ['a b c'],
      tag: ['1', '2'],
    })
  })

  it('decodes a single-value query exactly once (ALB kept the last tag)', () => {
    expect(queryParameters(albRequest({ query: raw }))).toEqual({
      name: ['résumé'],
      literal: ['%41'],
      space: ['a b c'],
      tag: ['2'],
    })
  })

  it('does not change the event, so a second read decodes the same', () => {
    const event = albRequest({ query: raw })
    const before = structuredClone(event)
    queryParameters(event)
    expect(queryParameters(event).literal).toEqual(['%41'])
    expect(event).toEqual(before)
  })
})

describe('correlationId', () => {
  it('is the X-Ray root ALB adds, else the request id', () => {
    const traced = albRequest({
      headers: { 'x-amzn-trace-id': 'Self=1-x;Root=1-abc-def;Sampled=0' },
    })
    expect(correlationId(traced, { awsRequestId: 'req' })).toBe('1-abc-def')
    const untraced: ALBEvent = { ...traced, headers: {} }
    expect(correlationId(untraced, { awsRequestId: 'req' })).toBe('req')
  })
})
