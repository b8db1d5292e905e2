/**
 * Decoding, redacting and archiving a maximum-size (1 MB) log batch, beside a plain decode of
 * the same batch (base64 → gunzip → JSON.parse) in the same run. Not a test: run it with
 *   node bench/decode-redact-archive.bench.ts
 * The archive step is the handler's own CPU work (NDJSON + compression); the S3 and SQS calls are
 * network and left out. Besides printing, writes its numbers to reports/bench.json for
 * `npm run bench`'s bench/RESULTS.md (schema: packages/bench/src/report.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { constants, gunzipSync, gzipSync, zstdCompressSync, zstdDecompressSync } from 'node:zlib'
import { decodeLogsData } from '@repo/runtime'
import { Bench } from 'tinybench'
import { ARCHIVE_CODEC } from '../src/archive.ts'
import { prepareBatch } from '../src/process-batch.ts'
import { maxSizeEvent } from './max-batch.ts'

const event = maxSizeEvent()
const data = event.awslogs.data
const check = prepareBatch(decodeLogsData(data))
console.log(
  `batch: ${JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')).logEvents.length} events, ` +
    `${(data.length / 1024).toFixed(0)} KiB base64; archive ${((check?.body.length ?? 0) / 1024) | 0} KiB ${ARCHIVE_CODEC.contentEncoding}, ` +
    `${check?.alerts.length} alerts`,
)

const plainDecode = () => JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8'))
const handlerWork = () => prepareBatch(decodeLogsData(data))

// tinybench first, for its table: each task alone for 3 s.
const bench = new Bench({ time: 3000, warmupTime: 500 })
bench
  .add('plain: base64 → gunzip → JSON.parse', plainDecode)
  .add(
    `handler: decode → parse + redact → NDJSON ${ARCHIVE_CODEC.contentEncoding} + alerts`,
    handlerWork,
  )
await bench.run()
console.table(bench.table())

// The ratio reported comes from short interleaved rounds instead: on a shared machine the load
// changes between two 3-second phases, and a median of per-round ratios does not care.
const ROUNDS = 60
const PLAIN_PER_ROUND = 4
const wallRatios: number[] = []
const cpuRatios: number[] = []
const handlerMs: number[] = []
const time = (work: () => unknown, times: number) => {
  const cpu = process.cpuUsage()
  const started = performance.now()
  for (let i = 0; i < times; i++) work()
  const used = process.cpuUsage(cpu)
  return {
    wall: (performance.now() - started) / times,
    cpu: (used.user + used.system) / 1000 / times,
  }
}
for (let round = 0; round < ROUNDS; round++) {
  const plainRound = time(plainDecode, PLAIN_PER_ROUND)
  const handlerRound = time(handlerWork, 1)
  wallRatios.push(plainRound.wall / handlerRound.wall)
  cpuRatios.push(plainRound.cpu / handlerRound.cpu)
  handlerMs.push(handlerRound.wall)
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN

// The archive's codec, chosen on this table: CPU per batch (not wall time, which other processes
// on a shared machine inflate) and compressed size, for the NDJSON of this batch.
const body = check?.body ?? Buffer.alloc(0)
const ndjson =
  ARCHIVE_CODEC.contentEncoding === 'zstd' ? zstdDecompressSync(body) : gunzipSync(body)
const cpuMs = (work: () => unknown, runs = 40) => {
  for (let i = 0; i < 5; i++) work()
  const before = process.cpuUsage()
  for (let i = 0; i < runs; i++) work()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000 / runs
}
const zstd = (level: number) => () =>
  zstdCompressSync(ndjson, { params: { [constants.ZSTD_c_compressionLevel]: level } })
const codecs = [
  ...[1, 3, 6, 9].map((level) => ({
    codec: `gzip ${level}`,
    compress: () => gzipSync(ndjson, { level }),
  })),
  ...[1, 2, 3].map((level) => ({ codec: `zstd ${level}`, compress: zstd(level) })),
].map(({ codec, compress }) => ({
  codec,
  'CPU ms': +cpuMs(compress).toFixed(2),
  KiB: +(compress().length / 1024).toFixed(1),
  current: codec === `${ARCHIVE_CODEC.contentEncoding} 1` ? '←' : '',
}))
console.log(`codecs on this batch's NDJSON (${(ndjson.length / 1024).toFixed(0)} KiB):`)
console.table(codecs)

const ratio = median(wallRatios)
const cpuRatio = median(cpuRatios)
const ms = median(handlerMs)
const TARGET = 0.4
console.log(
  `handler throughput = ${(ratio * 100).toFixed(1)}% of the plain decode (target ≥ 40%), ` +
    `median of ${ROUNDS} interleaved rounds; by CPU time ${(cpuRatio * 100).toFixed(1)}%`,
)

const report = {
  name: 'cloudwatch-logs',
  generatedAt: new Date().toISOString(),
  rows: [
    {
      label: `decode → redact → NDJSON ${ARCHIVE_CODEC.contentEncoding} + alerts, 1 MB batch`,
      value: 1000 / ms,
      unit: 'batches/s',
      detail: `${ms.toFixed(2)} ms per batch; by CPU time ${cpuRatio.toFixed(2)}×`,
      baseline: { label: 'plain base64 → gunzip → JSON.parse', value: 1000 / ms / ratio },
      ratio,
      target: `≥ ${TARGET.toFixed(2)}×`,
      met: ratio >= TARGET,
    },
  ],
  notes: [
    `One process, a maximum-size (1,048,576-byte) batch of mixed log lines; S3 and SQS calls left out. Ratio: median over ${ROUNDS} interleaved rounds of ${PLAIN_PER_ROUND} plain decodes and 1 handler batch (wall time; CPU time in the detail).`,
    `Archive ${ARCHIVE_CODEC.contentEncoding} level 1; CPU ms and KiB per codec on this batch: ${codecs.map((row) => `${row.codec}: ${row['CPU ms']} ms, ${row.KiB} KiB`).join('; ')}.`,
  ],
}
const reports = new URL('../reports/', import.meta.url)
await mkdir(reports, { recursive: true })
await writeFile(new URL('bench.json', reports), `${JSON.stringify(report, null, 2)}\n`)
