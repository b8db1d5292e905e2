/**
 * One measurement in a fresh process (so `maxRSS` is this reader's alone):
 *   node bench/measure.ts plain        GetObject and read the stream to its end, nothing else
 *   node bench/measure.ts plain-sha256 the same read, every chunk also through SHA-256: the floor
 *                                      for a summary, which must read and hash every byte
 *   node bench/measure.ts handler      the s3-objects handler's bundle on an ObjectCreated event for it
 * The plain reads also report what the SDK hands over: the body's type, whether it validates a
 * response checksum, and the chunk sizes.
 * Reads BENCH_KEY (and, for the handler, BENCH_EVENT) and the AWS_* endpoints from the
 * environment; prints one JSON line.
 */
import { createHash } from 'node:crypto'
import type { Context, S3Event } from 'aws-lambda'

/** The part of the handler's answer this measurement reads. */
interface SummarizedRecord {
  result: { action: string; bytes?: number }
}

const mode = process.argv[2]
const key = process.env.BENCH_KEY ?? ''
// Set when the measured work starts: module loading is cold start, measured elsewhere.
let started = 0
let bytes = 0
let detail: unknown

if (mode === 'plain' || mode === 'plain-sha256') {
  // Imported here, so the handler's process holds only its own bundle's copy of the SDK.
  const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3')
  const s3 = new S3Client({ forcePathStyle: true })
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
  // What Lambda runs: the esbuild bundle (built by `npm run bench`), wired from the environment
  // as deployed, with its DynamoDB store and sequencer marks (dynalite). Loaded here, so the plain
  // reads' RSS holds only the S3 client.
  const bundle = (await import('../dist/index.mjs')) as {
    handler: (event: S3Event, context: Context) => Promise<{ records: SummarizedRecord[] }>
  }
  // Built by large-object.bench.ts with @repo/shared's fixtures and handed over as JSON, so this
  // process holds only the handler's bundle.
  const event = JSON.parse(process.env.BENCH_EVENT ?? '') as S3Event
  const context = {
    functionName: 's3-objects-bench',
    awsRequestId: `bench-${process.pid}`,
    getRemainingTimeInMillis: () => 900_000,
  } as Context
  const rssBeforeMiB = process.memoryUsage.rss() / 1024 / 1024
  started = performance.now()
  const result = await bundle.handler(event, context)
  detail = { ...result, rssBeforeMiB: +rssBeforeMiB.toFixed(1) }
  const [record] = result.records
  bytes = record?.result.action === 'summarized' ? (record.result.bytes ?? 0) : 0
} else {
  throw new Error('usage: node bench/measure.ts plain|plain-sha256|handler')
}

const seconds = (performance.now() - started) / 1000
process.stdout.write(
  `${JSON.stringify({ mode, bytes, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, detail })}\n`,
)
