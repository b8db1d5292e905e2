/**
 * The viewer-request bundle's cost, beside a bare viewer-request handler built the same way, in
 * the same run. Not a test: run it with
 *   node bench/viewer-request.bench.ts        (BENCH_COLD_STARTS fresh processes, BENCH_REQUESTS calls)
 * - init: a fresh Node process imports each bundle (parse, compile, top-level code: what Lambda
 *   bills as Init), rounds alternating the two, median of the rounds;
 * - per request: the imported handler called in-process with a viewer-request event for /jobs
 *   carrying a valid Ed25519 token (the costliest path: normalise, verify, forward), median of
 *   rounds of BENCH_REQUESTS calls, beside the bare handler on the same event;
 * - size: the bundle deflated as a zip stores it, against the 1 MB viewer package limit.
 * Writes reports/bench.json (schema: packages/bench/src/report.ts).
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { deflateRawSync } from 'node:zlib'
import { cloudFrontRequestEvent } from '@repo/shared'
import { createContext } from '@repo/shared/harness'
import { edgeQuotaOf } from '@repo/triggers'
import type { CloudFrontRequestEvent, Context } from 'aws-lambda'
import { build } from 'esbuild'
import { buildEdgeBundle } from '../build.ts'
import baked from '../edge-config.json' with { type: 'json' }
import { AUDIENCE } from '../tests/support/config.ts'
import { newSigningKey, signToken } from '../tests/support/tokens.ts'

const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 15)
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000)
const ROUNDS = 5

type Handler = (event: CloudFrontRequestEvent, context: Context) => Promise<unknown>

const work = await mkdtemp(join(tmpdir(), 'edge-bench-'))
const key = newSigningKey()
const configFile = join(work, 'config.json')
await writeFile(configFile, JSON.stringify({ ...baked, tokenPublicKey: key.publicKeyPem }))
const edgeBundle = join(work, 'edge', 'index.mjs')
await buildEdgeBundle({ configFile, outfile: edgeBundle })

// The baseline: a viewer-request handler that forwards the request, bundled the same way.
const bareSource = join(work, 'bare.ts')
await writeFile(
  bareSource,
  'export const handler = async (event: { Records: { cf: { request: unknown } }[] }) => event.Records[0]?.cf.request\n',
)
const bareBundle = join(work, 'bare', 'index.mjs')
await build({
  entryPoints: [bareSource],
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  outfile: bareBundle,
  logLevel: 'warning',
})

const IMPORT_AND_TIME = `
const started = performance.now()
const module = await import(process.argv[1])
const ms = performance.now() - started
if (typeof module.handler !== 'function') throw new Error('no handler export')
process.stdout.write(JSON.stringify({ ms }))
`
const timeImport = async (bundle: string): Promise<number> => {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '--eval', IMPORT_AND_TIME, pathToFileURL(bundle).href],
    { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk
  })
  const [code] = (await once(child, 'close')) as [number | null]
  if (code !== 0) throw new Error(`importing ${bundle} failed (exit ${code})`)
  return (JSON.parse(stdout) as { ms: number }).ms
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

const edgeInit: number[] = []
const bareInit: number[] = []
for (let round = 0; round < COLD_STARTS; round++) {
  edgeInit.push(await timeImport(edgeBundle))
  bareInit.push(await timeImport(bareBundle))
}

const token = signToken(key.privateKey, {
  sub: 'bench',
  aud: AUDIENCE,
  exp: Math.floor(Date.now() / 1000) + 3600,
})
const eventFor = () =>
  cloudFrontRequestEvent({
    uri: '//jobs/./42',
    querystring: 'utm_source=x&b=2&a=1',
    headers: { Authorization: `Bearer ${token}` },
  })
const context = createContext({
  functionName: 'edge-gateway',
  functionVersion: '1',
  memoryLimitInMB: 128,
  timeoutSeconds: 5,
})
const edge = ((await import(pathToFileURL(edgeBundle).href)) as { handler: Handler }).handler
const bare = ((await import(pathToFileURL(bareBundle).href)) as { handler: Handler }).handler

const first = (await edge(eventFor(), context)) as { uri?: string; status?: string }
if (first.uri !== '/jobs/42')
  throw new Error(`the token path did not forward: ${JSON.stringify(first)}`)

const microsPerRequest = async (handler: Handler): Promise<number> => {
  const events = Array.from({ length: REQUESTS }, eventFor)
  const started = performance.now()
  for (const event of events) await handler(event, context)
  return ((performance.now() - started) * 1000) / REQUESTS
}
const edgeRequest: number[] = []
const bareRequest: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  edgeRequest.push(await microsPerRequest(edge))
  bareRequest.push(await microsPerRequest(bare))
}

const compressed = deflateRawSync(await readFile(edgeBundle), { level: 9 }).length
const limit = edgeQuotaOf('viewer-request').maxCompressedBundleBytes
const round2 = (value: number) => Math.round(value * 100) / 100
const initMs = round2(median(edgeInit))
const bareInitMs = round2(median(bareInit))
const requestUs = round2(median(edgeRequest))
const bareRequestUs = round2(median(bareRequest))

const report = {
  name: 'edge-gateway',
  generatedAt: new Date().toISOString(),
  rows: [
    {
      label: 'viewer-request bundle init (import in a fresh process)',
      value: initMs,
      unit: 'ms',
      detail: `median of ${COLD_STARTS} cold imports each`,
      baseline: { label: 'bare viewer-request handler', value: bareInitMs },
      ratio: round2(initMs / bareInitMs),
    },
    {
      label: 'viewer-request per request (/jobs with an Ed25519 token)',
      value: requestUs,
      unit: 'µs',
      detail: `median of ${ROUNDS} rounds of ${REQUESTS} calls: normalise, verify, forward`,
      baseline: { label: 'bare viewer-request handler', value: bareRequestUs },
      ratio: round2(requestUs / bareRequestUs),
    },
    {
      label: 'viewer-request bundle, compressed',
      value: compressed,
      unit: 'bytes',
      detail: `index.mjs deflated (${(await readFile(edgeBundle)).length} bytes raw); limit ${limit} bytes for viewer events`,
      target: '< 1 MB (Lambda@Edge viewer quota)',
      met: compressed < limit,
    },
  ],
  notes: [
    'Lambda@Edge viewer functions run with 128 MB; these numbers come from this machine, not an edge location.',
  ],
}
await mkdir(new URL('../reports/', import.meta.url), { recursive: true })
await writeFile(
  new URL('../reports/bench.json', import.meta.url),
  `${JSON.stringify(report, null, 2)}\n`,
)
await rm(work, { recursive: true, force: true })
process.stdout.write(`${JSON.stringify(report.rows, null, 2)}\n`)
