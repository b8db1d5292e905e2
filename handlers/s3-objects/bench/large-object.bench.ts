/**
 * Memory and throughput on a large object: `npm run bench -w @repo/s3-objects -- [bytes]`
 * (default 1 GiB; or BENCH_BYTES). That builds dist/index.mjs first: run alone, this file measures
 * whatever bundle is there. fauxqs and dynalite run in their own process and hold the
 * object; a CSV is generated on the fly and uploaded in 8 MiB parts (fauxqs's body limit is
 * 11 MiB). Then three fresh processes read it, one after the other: a plain GetObject stream read,
 * the same read with SHA-256 over every byte (the floor: a summary must read and hash each byte),
 * and the handler as deployed (its esbuild bundle, dist/index.mjs, with its DynamoDB store).
 * Each reports its own peak RSS. BENCH_ROUNDS (default 3) rounds of the three, interleaved;
 * medians are reported. Targets: handler peak RSS < 150 MiB, throughput >= 70% of read + SHA-256.
 * Besides printing, writes its numbers to reports/bench.json for `npm run bench`'s
 * bench/RESULTS.md (schema: packages/bench/src/report.ts).
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, writeFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { s3Event, s3Record } from '@repo/shared'

const MiB = 1024 * 1024
const totalBytes = Number(process.argv[2] ?? process.env.BENCH_BYTES ?? 1024 * MiB)
const PART_BYTES = 8 * MiB
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const here = new URL('.', import.meta.url).pathname

const key = 'incoming/large.csv'

/** The ObjectCreated event of round `round`: a later sequencer each round, so no round is a duplicate (replayed) or stale. */
const changeEvent = (eTag: string, round: number) =>
  s3Event([
    s3Record({
      bucket: 'uploads',
      key,
      eTag,
      versionId: null,
      sequencer: (0x0055aed6dcd90281e5n + BigInt(round))
        .toString(16)
        .toUpperCase()
        .padStart(18, '0'),
    }),
  ])

/** Parts of roughly PART_BYTES, each ending on a row boundary, until totalBytes is reached. */
function* csvParts(): Generator<Buffer> {
  let row = 0
  let sent = 0
  let part = 'id,customer,amount,created_at,comment\n'
  while (sent < totalBytes) {
    while (part.length < PART_BYTES && sent + part.length < totalBytes) {
      part += `${row},customer-${row % 977},${(row * 7) % 100_000}.${row % 100},2024-01-01T12:00:00Z,"note, row ${row}"\n`
      row++
    }
    const buffer = Buffer.from(part)
    sent += buffer.length
    part = ''
    yield buffer
  }
}

const server = spawn(process.execPath, [`${here}local-aws-process.ts`], {
  stdio: ['pipe', 'pipe', 'inherit'],
})
const [firstLine] = (await once(createInterface({ input: server.stdout }), 'line')) as [string]
const local = JSON.parse(firstLine) as { env: Record<string, string> }
const env = { ...process.env, ...local.env, BENCH_KEY: key }
const address = local.env.AWS_ENDPOINT_URL_S3

try {
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: address,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
  const uploadStarted = performance.now()
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: 'uploads', Key: key }),
  )
  const parts: { PartNumber: number; ETag: string }[] = []
  let uploaded = 0
  for (const body of csvParts()) {
    const PartNumber = parts.length + 1
    const { ETag = '' } = await s3.send(
      new UploadPartCommand({ Bucket: 'uploads', Key: key, UploadId, PartNumber, Body: body }),
    )
    parts.push({ PartNumber, ETag })
    uploaded += body.length
  }
  const { ETag = '' } = await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'uploads',
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  )
  s3.destroy()
  console.log(
    `uploaded ${(uploaded / MiB).toFixed(0)} MiB in ${parts.length} parts (${((performance.now() - uploadStarted) / 1000).toFixed(1)} s)`,
  )

  const measure = async (mode: 'plain' | 'plain-sha256' | 'handler', round: number) => {
    const child = spawn(process.execPath, [`${here}measure.ts`, mode], {
      env: { ...env, BENCH_EVENT: JSON.stringify(changeEvent(ETag.replaceAll('"', ''), round)) },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk
    })
    const [code] = (await once(child, 'exit')) as [number]
    if (code !== 0) throw new Error(`${mode} measurement exited with ${code}`)
    return JSON.parse(output.trim().split('\n').at(-1) ?? '') as {
      bytes: number
      seconds: number
      maxRssMiB: number
      detail: unknown
    }
  }

  type Measurement = Awaited<ReturnType<typeof measure>>
  // Rounds interleave the three readers so a busy moment on a shared machine hits all of them;
  // each reports its median time and its highest peak RSS, the ratios are medians of per-round ones.
  const runs: Record<'plain' | 'plain-sha256' | 'handler', Measurement[]> = {
    plain: [],
    'plain-sha256': [],
    handler: [],
  }
  for (let round = 0; round < ROUNDS; round++)
    for (const mode of ['plain', 'plain-sha256', 'handler'] as const)
      runs[mode].push(await measure(mode, round))
  const summary = (results: Measurement[]): Measurement => {
    const sorted = [...results].sort((a, b) => a.seconds - b.seconds)
    const median = sorted[Math.floor(sorted.length / 2)] as Measurement
    return { ...median, maxRssMiB: Math.max(...results.map((result) => result.maxRssMiB)) }
  }
  const plain = summary(runs.plain)
  const floor = summary(runs['plain-sha256'])
  const handled = summary(runs.handler)
  const rows = [
    ['plain GetObject read', plain],
    ['GetObject read + SHA-256', floor],
    ['s3-objects handler', handled],
  ] as const
  console.table(
    rows.map(([task, result]) => ({
      task,
      'MiB read': +(result.bytes / MiB).toFixed(1),
      seconds: +result.seconds.toFixed(2),
      'MiB/s': +(result.bytes / MiB / result.seconds).toFixed(1),
      'peak RSS MiB': +result.maxRssMiB.toFixed(1),
    })),
  )
  // Ratios per round, then the median: each round's three readers ran back to back, under
  // about the same load.
  const medianRatio = (baseline: Measurement[]) =>
    [
      ...baseline.map(
        (result, round) => result.seconds / (runs.handler[round] as Measurement).seconds,
      ),
    ].sort((a, b) => a - b)[Math.floor(baseline.length / 2)] as number
  const ratio = medianRatio(runs.plain)
  const floorRatio = medianRatio(runs['plain-sha256'])
  const FLOOR_TARGET = 0.7
  console.log(
    `handler throughput = ${(floorRatio * 100).toFixed(1)}% of read + SHA-256 (target >= 70%), ` +
      `${(ratio * 100).toFixed(1)}% of the plain read; ` +
      `handler peak RSS ${handled.maxRssMiB.toFixed(1)} MiB (target < 150 MiB)`,
  )
  console.log('plain read:', JSON.stringify(plain.detail))
  console.log('handler result:', JSON.stringify(handled.detail))

  /** What measure.ts reports about the SDK's body on a plain read. */
  const read = plain.detail as {
    body: string
    checksumValidated: string | null
    checksumType: string | null
    meanChunkKiB: number
    largestChunkKiB: number
  }
  const size = `${(totalBytes / MiB).toFixed(0)} MiB CSV`
  const mibPerSecond = (result: typeof plain) => result.bytes / MiB / result.seconds
  const report = {
    name: 's3-objects',
    generatedAt: new Date().toISOString(),
    rows: [
      {
        label: `handler throughput vs the floor, ${size}`,
        value: mibPerSecond(handled),
        unit: 'MiB/s',
        detail: `${handled.seconds.toFixed(1)} s`,
        baseline: { label: 'GetObject stream read + SHA-256', value: mibPerSecond(floor) },
        ratio: floorRatio,
        target: `≥ ${FLOOR_TARGET.toFixed(2)}×`,
        met: floorRatio >= FLOOR_TARGET,
      },
      {
        label: `handler throughput vs a bare read, ${size}`,
        value: mibPerSecond(handled),
        unit: 'MiB/s',
        detail: `${handled.seconds.toFixed(1)} s`,
        baseline: { label: 'plain GetObject stream read', value: mibPerSecond(plain) },
        ratio,
        target: 'none (the floor row holds the target)',
      },
      {
        label: `handler peak RSS, ${size}`,
        value: handled.maxRssMiB,
        unit: 'MiB',
        baseline: { label: 'plain GetObject stream read', value: plain.maxRssMiB },
        ratio: handled.maxRssMiB / plain.maxRssMiB,
        target: '< 150 MiB',
        met: handled.maxRssMiB < 150,
      },
    ],
    notes: [
      `fauxqs holds the object in its own process (dynalite beside it); the plain read, the read + SHA-256 and the handler each run in a fresh process (${ROUNDS} interleaved rounds: median time, median of per-round ratios, highest peak RSS).`,
      'The handler is its esbuild bundle as deployed (dist/index.mjs, DynamoDB idempotency store and sequencer marks on dynalite, a new change of the object each round); the plain reads load the SDK from node_modules.',
      'The CSV scan runs whole rows 64 bytes at a time in WebAssembly SIMD (src/csv-rows.wat); `node bench/scan.bench.ts` gives the scanner alone against SHA-256 and csv-parse.',
      `The SDK hands the body over as ${read.body} in chunks of ${read.meanChunkKiB} KiB on average (largest ${read.largestChunkKiB} KiB); ${read.checksumValidated ? `it also validates the ${read.checksumType} response checksum` : 'no response checksum to validate (multipart object)'}.`,
    ],
  }
  const reports = new URL('../reports/', import.meta.url)
  await mkdir(reports, { recursive: true })
  await writeFile(new URL('bench.json', reports), `${JSON.stringify(report, null, 2)}\n`)
} finally {
  server.stdin?.end()
  await once(server, 'exit')
}
