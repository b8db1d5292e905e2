/**
 * One measurement in a fresh process (so `maxRSS` is this reader's alone):
 *   node bench/measure.ts plain    GetObject and read the stream to its end, nothing else
 *   node bench/measure.ts handler  the s3-objects handler on an ObjectCreated event for the object
 * Reads BENCH_KEY and the AWS_* endpoints from the environment; prints one JSON line.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { Context } from 'aws-lambda'

const mode = process.argv[2]
const key = process.env.BENCH_KEY ?? ''
const s3 = new S3Client({ forcePathStyle: true })
const started = performance.now()
let bytes = 0
let detail: unknown

if (mode === 'plain') {
  const output = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: key }))
  for await (const chunk of output.Body as AsyncIterable<Uint8Array>) bytes += chunk.length
} else if (mode === 'handler') {
  // Loaded here so the plain read's RSS holds only the S3 client.
  const { SQSClient } = await import('@aws-sdk/client-sqs')
  const { MemoryStore } = await import('@repo/idempotency')
  const { s3Event, s3Record } = await import('@repo/shared')
  const { loadConfig } = await import('../src/config.ts')
  const { createHandler } = await import('../src/handler.ts')
  const { TRIGGER_PREFIX, TRIGGER_SUFFIX } = await import('../src/trigger.ts')
  const handler = createHandler({
    config: loadConfig(process.env, { prefix: TRIGGER_PREFIX, suffix: TRIGGER_SUFFIX }),
    s3,
    sqs: new SQSClient({}),
    store: new MemoryStore(),
    // Ordering is not what this measures: accept every event.
    marks: { advance: async () => true },
    logger: () => {},
  })
  const eTag = process.env.BENCH_ETAG ?? ''
  const event = s3Event([s3Record({ bucket: 'uploads', key, versionId: null, eTag })])
  const context = {
    functionName: 's3-objects-bench',
    awsRequestId: 'bench',
    getRemainingTimeInMillis: () => 900_000,
  } as Context
  const result = await handler(event, context)
  detail = result
  const [record] = 'records' in result ? result.records : []
  bytes = record?.result.action === 'summarized' ? record.result.bytes : 0
} else {
  throw new Error('usage: node bench/measure.ts plain|handler')
}

const seconds = (performance.now() - started) / 1000
process.stdout.write(
  `${JSON.stringify({ mode, bytes, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, detail })}\n`,
)
