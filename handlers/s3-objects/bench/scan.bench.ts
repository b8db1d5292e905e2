/**
 * The summary's CPU work on in-memory chunks, side by side in one process:
 *   node bench/scan.bench.ts [MiB]     (default 64)
 * The same 64 KiB chunks of the large-object benchmark's CSV go through SHA-256, the scanner, the
 * simplest loop that still tracks quotes, commas and line ends (a ceiling for a JavaScript byte
 * scan), and csv-parse (the engine the scanner replaced, on an eighth of the data: it is slow).
 * Rounds are interleaved so load from other processes hits every task alike; CPU time per task.
 * Prints only: the handler's own numbers come from large-object.bench.ts.
 */
import { createHash } from 'node:crypto'
import { parse } from 'csv-parse'
import { CsvScanner } from '../src/csv-scanner.ts'

const MiB = 1024 * 1024
const totalMiB = Number(process.argv[2] ?? 64)
const ROUNDS = 5

let text = 'id,customer,amount,created_at,comment\n'
for (let row = 0; text.length < totalMiB * MiB; row++)
  text += `${row},customer-${row % 977},${(row * 7) % 100_000}.${row % 100},2024-01-01T12:00:00Z,"note, row ${row}"\n`
const bytes = Buffer.from(text)
const inChunks = (data: Buffer) => {
  const chunks: Buffer[] = []
  for (let start = 0; start < data.length; start += 64 * 1024)
    chunks.push(data.subarray(start, start + 64 * 1024))
  return chunks
}
const chunks = inChunks(bytes)
// An eighth of the data, ending on a row.
const sampleBytes = bytes.subarray(0, bytes.lastIndexOf(0x0a, bytes.length >> 3) + 1)
const sample = inChunks(sampleBytes)

const sha256 = () => {
  const hash = createHash('sha256')
  for (const chunk of chunks) hash.update(chunk)
  return hash.digest('hex')
}
const scanner = () => {
  const scan = new CsvScanner({ maxRecordBytes: MiB, source: 'bench' })
  for (const chunk of chunks) scan.push(chunk)
  return scan.end().records
}
const minimalLoop = () => {
  let quoting = false
  let fields = 0
  let records = 0
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]
      if (byte === 0x22) quoting = !quoting
      else if (!quoting) {
        if (byte === 0x2c) fields++
        else if (byte === 0x0a) records++
      }
    }
  }
  return records + fields
}
const csvParse = async () => {
  let records = 0
  const parser = parse({ bom: true, max_record_size: MiB, on_record: () => void records++ })
  const done = new Promise((resolve, reject) => parser.on('end', resolve).on('error', reject))
  parser.resume()
  for (const chunk of sample) parser.write(chunk)
  parser.end()
  await done
  return records
}

const tasks = [
  ['SHA-256', sha256, bytes.length],
  ['CsvScanner', scanner, bytes.length],
  ['minimal quote/comma/newline loop', minimalLoop, bytes.length],
  ['csv-parse (1/8 of the data)', csvParse, sampleBytes.length],
] as const
const cpuMs = new Map<string, number[]>()
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, work] of tasks) {
    const before = process.cpuUsage()
    await work()
    const used = process.cpuUsage(before)
    cpuMs.set(name, [...(cpuMs.get(name) ?? []), (used.user + used.system) / 1000])
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN
const hashMs = median(cpuMs.get('SHA-256') ?? [])
console.log(`${(bytes.length / MiB).toFixed(0)} MiB of CSV in 64 KiB chunks, ${ROUNDS} rounds:`)
console.table(
  tasks.map(([name, , byteCount]) => {
    const ms = median(cpuMs.get(name) ?? [])
    const mib = byteCount / MiB
    return {
      task: name,
      'MiB/s (CPU)': +(mib / (ms / 1000)).toFixed(0),
      'time per MiB vs SHA-256': +(ms / mib / (hashMs / (bytes.length / MiB))).toFixed(2),
    }
  }),
)
