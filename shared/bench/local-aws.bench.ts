/**
 * What one test file pays for its own local AWS: start (fauxqs + dynalite + the CodePipeline
 * endpoint, with a queue, a topic, a bucket and a table) then stop, many times in one process.
 * The first run also loads the emulators' modules, so it is reported apart. Not a test: run it
 * with `node bench/local-aws.bench.ts [runs]`; writes reports/bench.json for `npm run bench`'s
 * bench/RESULTS.md (schema: packages/bench/src/report.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { startLocalAws } from '../src/harness/index.ts'

const runs = Number(process.argv[2] ?? 15)
const timings: number[] = []
for (let run = 0; run < runs; run++) {
  const started = performance.now()
  const aws = await startLocalAws({
    queues: ['dlq'],
    topics: [{ name: 'events', subscriptions: ['dlq'] }],
    buckets: ['uploads'],
    tables: [{ name: 'idempotency', partitionKey: 'id' }],
  })
  await aws.stop()
  timings.push(performance.now() - started)
}

const [first = Number.NaN, ...warm] = timings
const sorted = [...warm].sort((a, b) => a - b)
const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
console.log(
  `local AWS start+stop over ${runs} runs: first ${first.toFixed(1)} ms (loads the modules), ` +
    `then median ${median.toFixed(1)} ms, min ${sorted[0]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
)

const report = {
  name: 'harness',
  generatedAt: new Date().toISOString(),
  rows: [
    {
      label: 'local AWS start + stop (fauxqs, dynalite, CodePipeline endpoint), median',
      value: median,
      unit: 'ms',
      detail: `${warm.length} runs after the first; min ${sorted[0]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
    },
    {
      label: 'local AWS start + stop, first in a process (module loading included)',
      value: first,
      unit: 'ms',
    },
  ],
  notes: [
    'One queue, one topic subscribed to it, one bucket and one table, as a test file sets up.',
  ],
}
const reports = new URL('../reports/', import.meta.url)
await mkdir(reports, { recursive: true })
await writeFile(new URL('bench.json', reports), `${JSON.stringify(report, null, 2)}\n`)
