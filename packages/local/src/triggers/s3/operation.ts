import type { IncomingHttpHeaders } from 'node:http'

/** S3 event names the proxy can tell from a request line alone. */
export type S3WriteEventName =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Copy'
  | 'ObjectCreated:CompleteMultipartUpload'
  | 'ObjectRemoved:Delete'

export interface S3Write {
  eventName: S3WriteEventName
  bucket: string
  /** Decoded, as the object has it. */
  key: string
}

/** Query parameters that do not change what a request does (the SDK v3 adds `x-id`). */
const neutralParameters = new Set(['x-id'])

/**
 * Which notifying S3 operation a path-style request is, from its method, path and query only
 * (no body parsing). Everything else (reads, tagging, ACLs, uploads of parts, SQS and SNS calls
 * on the same port) is not a notifying write and returns undefined.
 */
export const classifyS3Request = (
  method: string,
  rawUrl: string,
  headers: IncomingHttpHeaders,
): S3Write | undefined => {
  const url = new URL(rawUrl, 'http://s3.local')
  const [, bucketSegment = '', ...keySegments] = url.pathname.split('/')
  const bucket = decodeURIComponent(bucketSegment)
  const key = decodeURIComponent(keySegments.join('/'))
  if (bucket === '' || key === '') return undefined
  const parameters = [...url.searchParams.keys()].filter((name) => !neutralParameters.has(name))
  const only = (...names: string[]) =>
    parameters.length === names.length && names.every((name) => parameters.includes(name))
  if (method === 'PUT' && only()) {
    const eventName = headers['x-amz-copy-source'] ? 'ObjectCreated:Copy' : 'ObjectCreated:Put'
    return { eventName, bucket, key }
  }
  if (method === 'POST' && only('uploadId')) {
    return { eventName: 'ObjectCreated:CompleteMultipartUpload', bucket, key }
  }
  if (method === 'DELETE' && (only() || only('versionId'))) {
    return { eventName: 'ObjectRemoved:Delete', bucket, key }
  }
  return undefined
}
