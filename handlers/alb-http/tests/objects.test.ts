import { randomBytes } from 'node:crypto'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { albRequest } from '@repo/shared'
import { invoke, useLocalAws } from '@repo/shared/harness'
import type { ALBEvent, ALBResult } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_INLINE_OBJECT_BYTES } from '../src/get-object.ts'
import {
  albShapeProblems,
  FILES_BUCKET,
  jsonBody,
  localAwsOptions,
  localHandler,
  responseHeader,
} from './support/local-handler.ts'

const aws = useLocalAws({ beforeAll, afterAll }, localAwsOptions)

const putObject = (key: string, body: Uint8Array, contentType?: string) =>
  aws().clients.s3.send(
    new PutObjectCommand({ Bucket: FILES_BUCKET, Key: key, Body: body, ContentType: contentType }),
  )

const run = async (event: ALBEvent): Promise<ALBResult> => {
  const { handler } = localHandler(aws())
  const invocation = await invoke(handler, event)
  if (invocation.status !== 'success') throw new Error(`invocation ${invocation.status}`)
  return invocation.result
}

// Every byte value, so any text decoding along the way would show.
const allBytes = Uint8Array.from({ length: 512 }, (_, index) => index % 256)

describe.each([false, true])('GET /objects/<key> (multiValue: %s)', (multiValue) => {
  it('returns the bytes unchanged, base64-encoded, with Content-Type and ETag', async () => {
    const put = await putObject('images/pixel.png', allBytes, 'image/png')
    const result = await run(albRequest({ path: '/objects/images/pixel.png', multiValue }))

    expect(albShapeProblems(result, multiValue)).toEqual([])
    expect(result.statusCode).toBe(200)
    expect(result.statusDescription).toBe('200 OK')
    expect(result.isBase64Encoded).toBe(true)
    expect(new Uint8Array(Buffer.from(result.body ?? '', 'base64'))).toEqual(allBytes)
    expect(responseHeader(result, 'content-type')).toEqual(['image/png'])
    expect(responseHeader(result, 'etag')).toEqual([put.ETag])
  })

  it('answers 304 with no body when If-None-Match names the current ETag', async () => {
    const put = await putObject('cached.bin', randomBytes(64))
    const etag = put.ETag ?? ''
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const result = await run(
        albRequest({
          path: '/objects/cached.bin',
          multiValue,
          headers: { 'if-none-match': ifNoneMatch },
        }),
      )
      expect(result.statusCode).toBe(304)
      expect(result.statusDescription).toBe('304 Not Modified')
      expect(result.body).toBe('')
      expect(responseHeader(result, 'etag')).toEqual([etag])
      expect(albShapeProblems(result, multiValue)).toEqual([])
    }
    const stale = await run(
      albRequest({
        path: '/objects/cached.bin',
        multiValue,
        headers: { 'if-none-match': '"old"' },
      }),
    )
    expect(stale.statusCode).toBe(200)
  })

  it('redirects to a presigned URL when the object would not fit the 1 MB ALB response', async () => {
    const large = randomBytes(MAX_INLINE_OBJECT_BYTES + 1)
    await putObject('big/archive.zip', large, 'application/zip')
    const result = await run(albRequest({ path: '/objects/big/archive.zip', multiValue }))

    expect(albShapeProblems(result, multiValue)).toEqual([])
    expect(result.statusCode).toBe(302)
    expect(result.statusDescription).toBe('302 Found')
    expect(responseHeader(result, 'cache-control')).toEqual(['no-store'])
    const [location = ''] = responseHeader(result, 'location')
    expect(location).toContain('X-Amz-Signature=')
    const download = await fetch(location)
    expect(download.status).toBe(200)
    expect(Buffer.from(await download.arrayBuffer()).equals(large)).toBe(true)
  })

  it('inlines an object of exactly the inline limit, and the response stays under 1 MB', async () => {
    await putObject('big/fits.bin', randomBytes(MAX_INLINE_OBJECT_BYTES))
    const result = await run(
      albRequest({
        path: '/objects/big/fits.bin',
        multiValue,
        query: { download: 'x'.repeat(200) },
      }),
    )
    expect(result.statusCode).toBe(200)
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(1_000_000)
  })

  it('decodes the path once: spaces, UTF-8 and an encoded percent sign', async () => {
    await putObject('reports/a b/ü%41.txt', Buffer.from('hello'), 'text/plain')
    const result = await run(
      albRequest({ path: '/objects/reports/a%20b/%C3%BC%2541.txt', multiValue }),
    )
    expect(result.statusCode).toBe(200)
    expect(Buffer.from(result.body ?? '', 'base64').toString()).toBe('hello')
  })

  it('decodes ?download= exactly once into an attachment file name', async () => {
    await putObject('cv.pdf', Buffer.from('%PDF'), 'application/pdf')
    // As ALB passes it: still encoded. "%2520" is a literal "%20" in the name.
    const result = await run(
      albRequest({
        path: '/objects/cv.pdf',
        multiValue,
        query: 'download=r%C3%A9sum%C3%A9%2520v1.pdf',
      }),
    )
    expect(responseHeader(result, 'content-disposition')).toEqual([
      `attachment; filename="r_sum_%20v1.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%2520v1.pdf`,
    ])
  })

  it('reads prototype-named query parameters as ordinary ones: ?constructor=1 is a 200', async () => {
    await putObject('x', Buffer.from('x'))
    for (const query of ['constructor=1', '__proto__=1', 'toString=1&hasOwnProperty=2']) {
      const result = await run(albRequest({ path: '/objects/x', multiValue, query }))
      expect(result.statusCode, query).toBe(200)
      expect(Buffer.from(result.body ?? '', 'base64').toString()).toBe('x')
    }
    // A download name given under a prototype name is not the download parameter.
    const named = await run(
      albRequest({ path: '/objects/x', multiValue, query: 'constructor=a.pdf' }),
    )
    expect(responseHeader(named, 'content-disposition')).toEqual([])
  })

  it('answers 404 problem+json for a missing object or an empty key', async () => {
    for (const path of ['/objects/nope.txt', '/objects/', '/objects']) {
      const result = await run(albRequest({ path, multiValue }))
      expect(result.statusCode).toBe(404)
      expect(responseHeader(result, 'content-type')).toEqual(['application/problem+json'])
      expect(jsonBody(result)).toMatchObject({ status: 404, title: 'Not Found' })
      expect(albShapeProblems(result, multiValue)).toEqual([])
    }
  })

  it('answers 400 for a malformed percent-encoding in the path or query', async () => {
    await putObject('ok.txt', Buffer.from('ok'))
    for (const event of [
      albRequest({ path: '/objects/%E0%A4%A', multiValue }),
      albRequest({ path: '/objects/ok.txt', multiValue, query: 'download=%ZZ' }),
    ]) {
      const result = await run(event)
      expect(result.statusCode).toBe(400)
      expect(albShapeProblems(result, multiValue)).toEqual([])
    }
  })
})
