import { describe, expect, it } from 'vitest'
import { localResourceName } from '../src/emulators/resources.ts'
import { parseEnvOverrides } from '../src/function/env-overrides.ts'
import { albReplyFromResult } from '../src/triggers/alb/response.ts'
import { compileFilterPattern } from '../src/triggers/logs/filter-pattern.ts'
import { classifyS3Request } from '../src/triggers/s3/operation.ts'

describe('CloudWatch Logs filter patterns', () => {
  it('matches everything when empty, terms case-sensitively, ?any and -excluded', () => {
    expect(compileFilterPattern('')('anything')).toBe(true)
    expect(compileFilterPattern('ERROR')('an ERROR here')).toBe(true)
    expect(compileFilterPattern('ERROR')('an error here')).toBe(false)
    expect(compileFilterPattern('?ERROR ?WARN')('WARN disk')).toBe(true)
    expect(compileFilterPattern('ERROR -retry')('ERROR will retry')).toBe(false)
    expect(compileFilterPattern('"disk full"')('the disk full again')).toBe(true)
  })

  it('reads JSON patterns from the first "{" of a Lambda log line', () => {
    const errors = compileFilterPattern('{ $.level = "ERROR" }')
    expect(errors('2024-01-01T00:00:00Z\tid\tERROR\t{"level":"ERROR","m":1}')).toBe(true)
    expect(errors('{"level":"INFO"}')).toBe(false)
    expect(errors('not json')).toBe(false)
    const slow = compileFilterPattern(
      '{ ($.latency > 500 && $.path = "/api/*") || $.level = "FATAL" }',
    )
    expect(slow('{"latency":900,"path":"/api/x"}')).toBe(true)
    expect(slow('{"latency":900,"path":"/web"}')).toBe(false)
    expect(slow('{"level":"FATAL"}')).toBe(true)
  })
})

describe('CloudWatch Logs JSON patterns on prototype-named fields', () => {
  it.each(['constructor', 'toString', '__proto__'])('reads $.%s only as an own field', (name) => {
    const present = compileFilterPattern(`{ $.${name} = "x" }`)
    expect(present(`{"${name}":"x"}`)).toBe(true)
    expect(present('{"level":"INFO"}')).toBe(false)
    expect(compileFilterPattern(`{ $.${name} != "x" }`)('{"level":"INFO"}')).toBe(false)
  })
})

describe('--env overrides', () => {
  it('keeps any handler and variable name, __proto__ included', () => {
    const overrides = parseEnvOverrides(['__proto__:A=1', 'constructor:B=2', 'constructor:C=3'])
    expect(Object.getOwnPropertyDescriptor(overrides, '__proto__')?.value).toEqual({ A: '1' })
    expect(overrides.constructor).toEqual({ B: '2', C: '3' })
  })
})

describe('S3 writes seen by the proxy', () => {
  it('names the notifying operations from method, path and query only', () => {
    expect(classifyS3Request('PUT', '/b/a%20b.csv?x-id=PutObject', {})).toEqual({
      eventName: 'ObjectCreated:Put',
      bucket: 'b',
      key: 'a b.csv',
    })
    expect(classifyS3Request('PUT', '/b/k', { 'x-amz-copy-source': 'b/j' })?.eventName).toBe(
      'ObjectCreated:Copy',
    )
    expect(classifyS3Request('POST', '/b/k?uploadId=1', {})?.eventName).toBe(
      'ObjectCreated:CompleteMultipartUpload',
    )
    expect(classifyS3Request('DELETE', '/b/k', {})?.eventName).toBe('ObjectRemoved:Delete')
    expect(classifyS3Request('PUT', '/b/k?partNumber=1&uploadId=1', {})).toBeUndefined()
    expect(classifyS3Request('DELETE', '/b/k?uploadId=1', {})).toBeUndefined()
    expect(classifyS3Request('POST', '/000000000000/queue', {})).toBeUndefined()
  })
})

describe('ALB responses', () => {
  it('decodes base64 bodies, takes the reason from statusDescription, 502s what ALB refuses', () => {
    const reply = albReplyFromResult(
      {
        statusCode: 201,
        statusDescription: '201 Made',
        headers: { a: 1 },
        body: 'aGk=',
        isBase64Encoded: true,
      },
      false,
    )
    expect(reply).toMatchObject({ status: 201, reason: 'Made', headers: { a: '1' } })
    expect(reply.body.toString()).toBe('hi')
    expect(
      albReplyFromResult({ statusCode: 200, multiValueHeaders: { a: ['1', '2'] } }, true).headers,
    ).toEqual({ a: ['1', '2'] })
    expect(albReplyFromResult('nope', false).status).toBe(502)
    expect(
      albReplyFromResult({ statusCode: 200, body: 'x'.repeat(1024 * 1024 + 1) }, false).status,
    ).toBe(502)
    expect(albReplyFromResult({ statusCode: 200, headers: { a: ['x'] } }, false).status).toBe(502)
  })
})

describe('ALB responses with hostile headers', () => {
  it.each(['__proto__', 'constructor', 'toString'])(
    'keeps a %s header as an own header',
    (name) => {
      const result = JSON.parse(`{"statusCode":200,"multiValueHeaders":{"${name}":["a","b"]}}`)
      const headers = albReplyFromResult(result, true).headers
      expect(Object.hasOwn(headers, name)).toBe(true)
      expect(headers[name]).toEqual(['a', 'b'])
    },
  )

  it('502s header names and values, and reason phrases, that HTTP cannot carry', () => {
    expect(albReplyFromResult({ statusCode: 200, headers: { 'a b': 'x' } }, false).status).toBe(502)
    expect(
      albReplyFromResult({ statusCode: 200, headers: { a: 'x\r\nset-cookie: y' } }, false).status,
    ).toBe(502)
    expect(
      albReplyFromResult({ statusCode: 200, statusDescription: '200 OK\r\nx: y' }, false).status,
    ).toBe(502)
  })
})

describe('local resource names', () => {
  it('scopes a ref to its handler stack and keeps an existing name', () => {
    expect(localResourceName('s3-objects', 'bucket', { ref: 'UploadsBucket' })).toBe(
      's3-objects-uploads-bucket',
    )
    expect(localResourceName('s3-objects', 'queue', { ref: 'S3ObjectsFailures' })).toBe(
      's3-objects-s3-objects-failures',
    )
    expect(localResourceName('x', 'bucket', { name: 'existing' })).toBe('existing')
  })
})
