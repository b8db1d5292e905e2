/**
 * Decoding, redacting and archiving a maximum-size (1 MB) log batch, beside a plain decode of
 * the same batch (base64 → gunzip → JSON.parse) in the same run. Not a test: run it with
 *   node bench/decode-redact-archive.bench.ts
 * The archive step is the handler's own CPU work (NDJSON + gzip); the S3 and SQS calls are
 * network and left out. Besides printing, writes its numbers to reports/bench.json for
 * `npm run bench`'s bench/RESULTS.md (schema: packages/bench/src/report.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { gunzipSync, gzipSync } from 'node:zlib'
import { Bench } from 'tinybench'
import { ARCHIVE_GZIP_LEVEL } from '../src/archive.ts'
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

// The archive's gzip level, chosen on this table: CPU per batch (not wall time, which other
// processes on a shared machine inflate) and compressed size, for the NDJSON of this batch.
const ndjson = gunzipSync(check?.body ?? Buffer.alloc(0))
const cpuMs = (work: () => unknown, runs = 40) => {
  for (let i = 0; i < 5; i++) work()
  const before = process.cpuUsage()
  for (let i = 0; i < runs; i++) work()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000 / runs
}
const levels = [1, 2, 3, 4, 6, 9].map((level) => ({
  level,
  'CPU ms': +cpuMs(() => gzipSync(ndjson, { level })).toFixed(2),
  'KiB gz': +(gzipSync(ndjson, { level }).length / 1024).toFixed(1),
  current: level === ARCHIVE_GZIP_LEVEL ? '←' : '',
}))
console.log(`gzip levels on this batch's NDJSON (${(ndjson.length / 1024).toFixed(0)} KiB):`)
console.table(levels)

const [plain, ours] = bench.tasks.map((task) => task.result)
const throughput = (result: typeof plain) =>
  result && 'throughput' in result ? result.throughput.mean : Number.NaN
const meanMs = (result: typeof plain) =>
  result && 'latency' in result ? result.latency.mean : Number.NaN
const ratio = throughput(ours) / throughput(plain)
const TARGET = 0.4
console.log(`handler throughput = ${(ratio * 100).toFixed(1)}% of the plain decode (target ≥ 40%)`)

const report = {
  name: 'cloudwatch-logs',
  generatedAt: new Date().toISOString(),
  rows: [
    {
      label: 'decode → redact → NDJSON gzip + alerts, 1 MB batch',
      value: throughput(ours),
      unit: 'batches/s',
      detail: `${meanMs(ours).toFixed(2)} ms per batch`,
      baseline: { label: 'plain base64 → gunzip → JSON.parse', value: throughput(plain) },
      ratio,
      target: `≥ ${TARGET.toFixed(2)}×`,
      met: ratio >= TARGET,
    },
  ],
  notes: [
    'tinybench, one process, a maximum-size (1,048,576-byte) batch of mixed log lines; S3 and SQS calls left out.',
    `Archive gzip level ${ARCHIVE_GZIP_LEVEL}; CPU ms and KiB per level on this batch: ${levels.map((row) => `${row.level}: ${row['CPU ms']} ms, ${row['KiB gz']} KiB`).join('; ')}.`,
  ],
}
const reports = new URL('../reports/', import.meta.url)
await mkdir(reports, { recursive: true })
await writeFile(new URL('bench.json', reports), `${JSON.stringify(report, null, 2)}\n`)
