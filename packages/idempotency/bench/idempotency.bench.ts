/**
 * One process, one run: bare Middy vs this middleware vs Powertools' makeHandlerIdempotent, both
 * with an in-memory store, on a new key and on a replay; then DynamoDB requests per first call and
 * per replay for both, counted by a client middleware against dynalite.
 *
 *   node bench/idempotency.bench.ts
 *
 * Besides printing, writes its numbers to reports/bench.json for `npm run bench`'s
 * bench/RESULTS.md (schema: packages/bench/src/report.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb'
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware'
import middy from '@middy/core'
import { DynamoDBStore, idempotency, MemoryStore } from '@repo/idempotency'
import { loadCorpusEvent } from '@repo/shared'
import type { EventBridgeEvent } from 'aws-lambda'
import { Bench } from 'tinybench'
import { lambdaContext } from '../tests/support/context.ts'
import { startDynamo, total } from '../tests/support/dynamo.ts'
import { MapPersistenceLayer } from './powertools-map-layer.ts'

type Event = EventBridgeEvent<string, unknown>
const base = loadCorpusEvent<Event>('powertools-ts__eventbridge__base')
const context = lambdaContext({ deadline: Date.now() + 3_600_000 })
const body = async (event: Event) => ({ ok: true, id: event.id })
let n = 0
// Every task builds its event the same way, so that cost cancels out of the overhead.
const freshEvent = (): Event => ({ ...base, id: `evt-${++n}` })

// Middy's early-timeout timer (a setTimeout + Promise.race per call) would dominate and is skipped
// on a replay; turn it off everywhere so the numbers are the middlewares' own cost.
const plugin = { timeoutEarlyInMillis: 0 }
const bare = middy(body, plugin)
const ours = middy(body, plugin).use(idempotency({ store: new MemoryStore() }))
const powertools = middy(body, plugin).use(
  makeHandlerIdempotent({ persistenceStore: new MapPersistenceLayer() }),
)

const replayEvent = { ...base }
await ours(replayEvent, context)
await powertools(replayEvent, context)

const bench = new Bench({ time: 1_000, warmupTime: 200 })
bench
  .add('bare middy', async () => {
    await bare(freshEvent(), context)
  })
  .add('ours: new key', async () => {
    await ours(freshEvent(), context)
  })
  .add('ours: replay', async () => {
    freshEvent()
    await ours(replayEvent, context)
  })
  .add('powertools: new key', async () => {
    await powertools(freshEvent(), context)
  })
  .add('powertools: replay', async () => {
    freshEvent()
    await powertools(replayEvent, context)
  })
await bench.run()

const meanUs = (name: string): number => {
  const result = bench.getTask(name)?.result
  if (result === undefined || !('latency' in result)) throw new Error(`${name} did not complete`)
  return result.latency.mean * 1000
}
const bareUs = meanUs('bare middy')
const rows = ['ours: new key', 'ours: replay', 'powertools: new key', 'powertools: replay'].map(
  (name) => ({
    task: name,
    'mean µs': meanUs(name).toFixed(2),
    'overhead µs': (meanUs(name) - bareUs).toFixed(2),
  }),
)
console.log(`bare middy: ${bareUs.toFixed(2)} µs per invocation`)
console.table(rows)
// Target: Powertools' overhead at least 4× ours, i.e. ours at most 0.25× of it.
const OVERHEAD_TARGET = 0.25
const overheadRows = ['new key', 'replay'].map((path) => {
  const ours = meanUs(`ours: ${path}`) - bareUs
  const theirs = meanUs(`powertools: ${path}`) - bareUs
  console.log(`${path}: Powertools overhead / ours = ${(theirs / ours).toFixed(1)}x (target >= 4x)`)
  return {
    label: `middleware overhead over bare Middy, ${path} (MemoryStore)`,
    value: ours,
    unit: 'µs',
    baseline: { label: 'Powertools 2.35 makeHandlerIdempotent', value: theirs },
    ratio: ours / theirs,
    target: `≤ ${OVERHEAD_TARGET}× (Powertools ≥ 4× ours)`,
    met: ours / theirs <= OVERHEAD_TARGET,
  }
})

// DynamoDB requests, against dynalite.
const dynamo = await startDynamo()
await dynamo.createTable('ours')
await dynamo.createTable('powertools')
const oursStore = new DynamoDBStore({ client: dynamo.client, tableName: 'ours' })
const oursDynamo = middy(body).use(idempotency({ store: oursStore }))
const ptDynamo = middy(body).use(
  makeHandlerIdempotent({
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: 'powertools',
      awsSdkV3Client: dynamo.client,
    }),
  }),
)
const countCall = async (
  handler: (e: Event, c: typeof context) => Promise<unknown>,
  event: Event,
) => {
  dynamo.requests.clear()
  await handler(event, context)
  return { requests: total(dynamo.requests), by: Object.fromEntries(dynamo.requests) }
}
const event = freshEvent()
const counts = {
  'ours: first call': await countCall(oursDynamo, event),
  'ours: replay': await countCall(oursDynamo, event),
  'powertools: first call': await countCall(ptDynamo, event),
  'powertools: replay': await countCall(ptDynamo, event),
}
console.table(
  Object.fromEntries(
    Object.entries(counts).map(([k, v]) => [k, { requests: v.requests, ...v.by }]),
  ),
)
console.log(
  `ours: ${oursStore.fallbackReads} GetItem fallback read(s): dynalite ignores ReturnValuesOnConditionCheckFailure; ` +
    'on DynamoDB the failed PutItem returns the item, so a replay is 1 request.',
)
await dynamo.close()

const requestRow = (path: 'first call' | 'replay') => ({
  label: `DynamoDB requests per ${path} (dynalite)`,
  value: counts[`ours: ${path}`].requests,
  unit: 'requests',
  baseline: { label: 'Powertools', value: counts[`powertools: ${path}`].requests },
  ratio: counts[`ours: ${path}`].requests / counts[`powertools: ${path}`].requests,
})
const report = {
  name: 'idempotency',
  generatedAt: new Date().toISOString(),
  rows: [
    { label: 'bare Middy invocation, mean', value: bareUs, unit: 'µs' },
    ...overheadRows,
    requestRow('first call'),
    requestRow('replay'),
  ],
  notes: [
    "tinybench, one process; Middy's early-timeout timer off everywhere, so the numbers are the middlewares' own cost. Overhead = task mean − bare Middy mean.",
    `Replay on dynalite costs ours ${oursStore.fallbackReads} fallback GetItem: dynalite ignores ReturnValuesOnConditionCheckFailure; on DynamoDB a replay is 1 request.`,
  ],
}
const reports = new URL('../reports/', import.meta.url)
await mkdir(reports, { recursive: true })
await writeFile(new URL('bench.json', reports), `${JSON.stringify(report, null, 2)}\n`)
