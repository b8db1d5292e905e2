/**
 * How long one test file pays for its own local AWS: start (fauxqs + dynalite + CodePipeline
 * endpoint, with a queue, topic, bucket and table) then stop, N times in one process.
 *
 *   node shared/tests/harness/measure-local-aws.ts [runs]
 */
import { startLocalAws } from '../../src/harness/index.ts'

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
const sorted = [...timings].sort((a, b) => a - b)
const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
console.log(
  `start+stop of local AWS over ${runs} runs: first ${timings[0]?.toFixed(1)} ms (includes module loading), ` +
    `median ${median.toFixed(1)} ms, min ${sorted[0]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
)
