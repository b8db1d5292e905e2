/**
 * One measurement in a fresh process (so `maxRSS` is this reader's alone):
 *   node bench/measure.ts plain        GetObject and read the stream to its end, nothing else
 *   node bench/measure.ts plain-sha256 the same read, every chunk also through SHA-256: the floor
 *                                      for a summary, which must read and hash every byte
 *   node bench/measure.ts handler      the s3-objects handler on an ObjectCreated event for the object
 * The plain reads also report what the SDK hands over: the body's type, whether it validates a
 * response checksum, and the chunk sizes.
 * Reads BENCH_KEY and the AWS_* endpoints from the environment; prints one JSON line.
 */
import { createHash } from 'node:crypto'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { Context } from 'aws-lambda'

const mode = process.argv[2]
const key = process.env.BENCH_KEY ?? ''
const s3 = new S3Client({ forcePathStyle: true })
// Set when the measured work starts: module loading is cold start, measured elsewhere.
let started = 0
let bytes = 0
let detail: unknown

if (mode === 'plain' || mode === 'plain-sha256') {
  const hash = mode === 'plain-sha256' ? createHash('sha256') : undefined
  started = performance.now()
  const output = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: key }))
  let chunks = 0
  let largest = 0
  for await (const chunk of output.Body as AsyncIterable<Uint8Array>) {
    bytes += chunk.length
    chunks++
    if (chunk.length > largest) largest = chunk.length
    hash?.update(chunk)
  }
  detail = {
    body: output.Body?.constructor.name,
    checksumValidated: output.ChecksumCRC32 ?? output.ChecksumCRC64NVME ?? null,
    checksumType: output.ChecksumType ?? null,
    chunks,
    meanChunkKiB: +(bytes / chunks / 1024).toFixed(1),
    largestChunkKiB: +(largest / 1024).toFixed(1),
    sha256: hash?.digest('hex'),
  }
} else if (mode === 'handler') {
  // Loaded here so the plain read's RSS holds only the S3 client.
  const { SQSClient } = await import('@aws-sdk/client-sqs')
  const { MemoryStore } = await import('@repo/idempotency')
  const { s3Event, s3Record } = await import('@repo/shared')
  const { loadConfig } = await import('../src/config.ts')
  const { createHandler } = await import('../src/handler.ts')
  const { createLogger } = await import('@repo/runtime')
  const handler = createHandler({
    config: loadConfig(process.env),
    s3,
    sqs: new SQSClient({}),
    store: new MemoryStore(),
    // Ordering is not what this measures: accept every event.
    marks: { advance: async () => true },
    logger: createLogger({ write: () => {} }),
  })
  const eTag = process.env.BENCH_ETAG ?? ''
  const event = s3Event([s3Record({ bucket: 'uploads', key, versionId: null, eTag })])
  const context = {
    functionName: 's3-objects-bench',
    awsRequestId: 'bench',
    getRemainingTimeInMillis: () => 900_000,
  } as Context
  const rssBeforeMiB = process.memoryUsage.rss() / 1024 / 1024
  started = performance.now()
  const result = await handler(event, context)
  detail = { ...result, rssBeforeMiB: +rssBeforeMiB.toFixed(1) }
  const [record] = 'records' in result ? result.records : []
  bytes = record?.result.action === 'summarized' ? record.result.bytes : 0
} else {
  throw new Error('usage: node bench/measure.ts plain|plain-sha256|handler')
}

const seconds = (performance.now() - started) / 1000
process.stdout.write(
  `${JSON.stringify({ mode, bytes, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, detail })}\n`,
)
