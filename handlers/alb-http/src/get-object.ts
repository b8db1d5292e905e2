import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import type { ALBEvent } from 'aws-lambda'
import { decodePathSegment, headerValue, queryParameters } from './alb-request.ts'
import type { HttpResponse } from './alb-response.ts'
import { attachmentDisposition } from './content-disposition.ts'
import { HttpProblem } from './errors.ts'

export const OBJECTS_PREFIX = '/objects/'

/**
 * ALB turns a Lambda response over 1 MB into a 502. The whole JSON counts, and base64 makes the
 * body 4/3 larger, so objects are inlined only up to what fits with room for the headers; larger
 * ones get a 302 to a presigned S3 URL. 1 MB is read as 10^6 bytes, the stricter reading.
 */
export const ALB_RESPONSE_LIMIT_BYTES = 1_000_000
export const RESPONSE_ENVELOPE_RESERVE_BYTES = 16 * 1024
export const MAX_INLINE_OBJECT_BYTES =
  Math.floor((ALB_RESPONSE_LIMIT_BYTES - RESPONSE_ENVELOPE_RESERVE_BYTES) / 4) * 3

/** S3 keys are at most 1024 bytes of well-formed UTF-8: no other key can exist, so it is a 404. */
const MAX_KEY_BYTES = 1024

export interface GetObjectDependencies {
  s3: S3Client
  bucket: string
  presignedUrlTtlSeconds: number
}

const objectKey = (path: string): string => {
  const key = decodePathSegment(path.slice(OBJECTS_PREFIX.length))
  if (key === '' || !key.isWellFormed() || Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new HttpProblem(404, 'There is no object at this path. Use GET /objects/<key>.')
  }
  return key
}

const isNotFound = (error: unknown): boolean =>
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode ===
    404 || (error as Error | undefined)?.name === 'NotFound'

const opaque = (etag: string): string => etag.trim().replace(/^W\//, '')

/** RFC 9110 §13.1.2: weak comparison, `*` matches any current representation. */
const matchesIfNoneMatch = (header: string | undefined, etag: string | undefined): boolean => {
  if (header === undefined || etag === undefined) return false
  if (header.trim() === '*') return true
  return header.split(',').some((candidate) => opaque(candidate) === opaque(etag))
}

const representationHeaders = (
  object: Pick<HeadObjectCommandOutput, 'ETag' | 'LastModified'>,
): Record<string, string> => ({
  ...(object.ETag ? { etag: object.ETag } : {}),
  ...(object.LastModified ? { 'last-modified': object.LastModified.toUTCString() } : {}),
})

/**
 * `GET /objects/<key>` from the files bucket, binary-safe: 200 with the bytes base64-encoded,
 * 304 when If-None-Match names the current ETag, 302 to a presigned URL when the object would
 * not fit ALB's response limit. `?download=<name>` asks for an attachment with that file name.
 */
export const getObject =
  (deps: GetObjectDependencies) =>
  async (event: ALBEvent): Promise<HttpResponse> => {
    const key = objectKey(event.path)
    const download = queryParameters(event).download?.at(-1)
    const disposition = download ? attachmentDisposition(download) : undefined

    let head: HeadObjectCommandOutput
    try {
      head = await deps.s3.send(new HeadObjectCommand({ Bucket: deps.bucket, Key: key }))
    } catch (error) {
      if (isNotFound(error)) throw new HttpProblem(404, `No object "${key}" in the files bucket.`)
      throw error
    }

    if (matchesIfNoneMatch(headerValue(event, 'if-none-match'), head.ETag)) {
      return { statusCode: 304, headers: representationHeaders(head), body: '' }
    }
    if ((head.ContentLength ?? 0) > MAX_INLINE_OBJECT_BYTES) {
      return redirectToPresignedUrl(deps, key, disposition)
    }

    let object: GetObjectCommandOutput
    try {
      object = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: key }))
    } catch (error) {
      if (isNotFound(error)) throw new HttpProblem(404, `No object "${key}" in the files bucket.`)
      throw error
    }
    // Overwritten with something bigger between the two calls: do not read it into memory.
    if ((object.ContentLength ?? 0) > MAX_INLINE_OBJECT_BYTES) {
      await object.Body?.transformToWebStream().cancel()
      return redirectToPresignedUrl(deps, key, disposition)
    }
    const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array()
    return {
      statusCode: 200,
      headers: {
        'content-type': object.ContentType ?? 'application/octet-stream',
        'x-content-type-options': 'nosniff',
        ...representationHeaders(object),
        ...(disposition ? { 'content-disposition': disposition } : {}),
      },
      body: Buffer.from(bytes).toString('base64'),
      isBase64Encoded: true,
    }
  }

const redirectToPresignedUrl = async (
  deps: GetObjectDependencies,
  key: string,
  disposition: string | undefined,
): Promise<HttpResponse> => {
  const command = new GetObjectCommand({
    Bucket: deps.bucket,
    Key: key,
    ...(disposition ? { ResponseContentDisposition: disposition } : {}),
  })
  const location = await getSignedUrl(deps.s3, command, { expiresIn: deps.presignedUrlTtlSeconds })
  return {
    statusCode: 302,
    // The URL carries a signature that expires: no cache may keep the redirect.
    headers: { location, 'cache-control': 'no-store' },
    body: '',
    isBase64Encoded: false,
  }
}
