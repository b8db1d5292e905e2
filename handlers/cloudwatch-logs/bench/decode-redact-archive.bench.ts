/**
 * Decoding, redacting and archiving a maximum-size (1 MB) log batch, beside a plain decode of
 * the same batch (base64 → gunzip → JSON.parse) in the same run. Not a test: run it with
 *   node bench/decode-redact-archive.bench.ts
 * The archive step is the handler's own CPU work (NDJSON + gzip); the S3 and SQS calls are
 * network and left out.
 */
import { gunzipSync } from 'node:zlib'
import { Bench } from 'tinybench'
import { decodeLogsData } from '../src/decode.ts'
import { prepareBatch } from '../src/process-batch.ts'
import { maxSizeEvent } from './max-batch.ts'

const event = maxSizeEvent()
const data = event.awslogs.data
const check = prepareBatch(decodeLogsData(data))
console.log(
  `batch: ${JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')).logEvents.length} events, ` +
    `${(data.length / 1024).toFixed(0)} KiB base64; archive ${((check?.body.length ?? 0) / 1024) | 0} KiB gz, ` +
    `${check?.alerts.length} alerts`,
)

const bench = new Bench({ time: 3000, warmupTime: 500 })
bench
  .add('plain: base64 → gunzip → JSON.parse', () => {
    JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8'))
  })
  .add('handler: decode → parse + redact → NDJSON gzip + alerts', () => {
    prepareBatch(decodeLogsData(data))
  })
await bench.run()
console.table(bench.table())

const [plain, ours] = bench.tasks.map((task) => task.result)
const throughput = (result: typeof plain) =>
  result && 'throughput' in result ? result.throughput.mean : Number.NaN
const ratio = throughput(ours) / throughput(plain)
console.log(`handler throughput = ${(ratio * 100).toFixed(1)}% of the plain decode (target ≥ 40%)`)
