import { gunzipSync, zstdDecompressSync } from 'node:zlib'
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { MemoryStore } from '@repo/idempotency'
import type { Config } from '../../src/config.ts'
import { createHandler } from '../../src/handler.ts'

export const ARCHIVE_BUCKET = 'log-archive'

export const configFor = (alertsQueueUrl: string): Config => ({
  archiveBucket: ARCHIVE_BUCKET,
  alertsQueueUrl,
})

export const listArchive = async (s3: S3Client): Promise<string[]> =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: ARCHIVE_BUCKET }))).Contents ?? []).map(
    (object) => object.Key ?? '',
  )

/** An archive body's NDJSON, decompressed as its Content-Encoding says (`zstd` or `gzip`). */
export const decompressArchive = (
  body: Uint8Array,
  contentEncoding: string | undefined,
): Buffer => {
  if (contentEncoding === 'zstd') return zstdDecompressSync(body)
  if (contentEncoding === 'gzip') return gunzipSync(body)
  throw new Error(`archive Content-Encoding ${contentEncoding}: neither zstd nor gzip`)
}

/** The archived NDJSON, parsed line by line, plus the object's metadata. */
export const readArchive = async (s3: S3Client, key: string) => {
  const object = await s3.send(new GetObjectCommand({ Bucket: ARCHIVE_BUCKET, Key: key }))
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array()
  const text = decompressArchive(bytes, object.ContentEncoding).toString('utf8')
  return {
    text,
    lines: text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
    metadata: object.Metadata ?? {},
    contentType: object.ContentType,
    contentEncoding: object.ContentEncoding,
  }
}

/** A handler on the local emulators with a fresh in-memory idempotency store. */
export const localHandler = (alertsQueueUrl: string) =>
  createHandler({
    config: configFor(alertsQueueUrl),
    s3: new S3Client({}),
    sqs: new SQSClient({}),
    store: new MemoryStore(),
  })
