import { CsvError } from 'csv-parse'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvScanner } from '../src/csv-scanner.ts'
import { InvalidCsvError } from '../src/errors.ts'

/**
 * csv-parse is the oracle: on any bytes, cut into chunks anywhere, the scanner must count the
 * same records, read the same header, and refuse exactly what csv-parse refuses, with the same
 * code at the same line. Replay a failure with CSV_PROPERTY_SEED=<seed> (fast-check prints the
 * seed and the shrunk counterexample).
 */
const seed = Number(process.env.CSV_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31))
const RUNS = 1500

type Outcome =
  | { ok: true; records: number; header: string[] | undefined }
  | { ok: false; code: string; line: number | undefined }

const oracle = (bytes: Buffer, maxRecordBytes: number): Outcome => {
  try {
    const records = parse(bytes, { bom: true, max_record_size: maxRecordBytes }) as string[][]
    return { ok: true, records: records.length, header: records[0] }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    return { ok: false, code: error.code, line: (error as CsvError & { lines?: number }).lines }
  }
}

const scan = (chunks: Uint8Array[], maxRecordBytes: number): Outcome => {
  const scanner = new CsvScanner({ maxRecordBytes, source: 's3://b/k.csv' })
  try {
    for (const chunk of chunks) scanner.push(chunk)
    const { records, header } = scanner.end()
    return { ok: true, records, header }
  } catch (error) {
    if (!(error instanceof InvalidCsvError)) throw error
    return { ok: false, code: error.code, line: error.line }
  }
}

/** Cuts bytes into chunks of the given sizes (repeated), as a network stream would. */
const cut = (bytes: Buffer, sizes: number[]): Uint8Array[] => {
  const chunks: Uint8Array[] = []
  for (let start = 0, k = 0; start < bytes.length; k++) {
    const size = sizes[k % sizes.length] ?? bytes.length
    chunks.push(bytes.subarray(start, start + size))
    start += size
  }
  return chunks
}

const utf8 = (text: string) => [...Buffer.from(text)]

// Whatever can change how CSV is read: separators, quotes, all three line breaks, NUL (csv-parse
// accepts it after a closing quote), multi-byte and broken UTF-8 (record sizes count UTF-16 units).
const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...[',', '"', '\n', '\r', '\r\n', '""'].map(utf8)) },
  { weight: 6, arbitrary: fc.constantFrom(...['a', 'bc', 'x y', '1'].map(utf8)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      [0x00],
      utf8('é'),
      utf8('€'),
      utf8('😀'),
      [0xc3],
      [0xe2, 0x82],
      [0xf0, 0x9f, 0x98],
      [0xff],
      [0x80],
      [0xed, 0xa0, 0x80],
    ),
  },
)

const field = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '😀', '1') }),
  fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '€') }).map((text) => {
    return `"${text.replaceAll('"', '""')}"`
  }),
)

// Well-formed tables too, so that most runs also exercise the "same counts and header" side.
const table = fc.record({
  width: fc.integer({ min: 1, max: 4 }),
  rows: fc.integer({ min: 0, max: 8 }),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  trailingEol: fc.boolean(),
  bom: fc.boolean(),
  fields: fc.array(field, { minLength: 40, maxLength: 40 }),
  // A row of the wrong width now and then.
  ragged: fc.option(fc.nat(8), { freq: 4 }),
})

type Table = typeof table extends fc.Arbitrary<infer T> ? T : never

const tableBytes = ({ width, rows, eol, trailingEol, bom, fields, ragged }: Table) => {
  const lines: string[] = []
  for (let row = 0; row <= rows; row++) {
    const cells = row === ragged ? width + 1 : width
    lines.push(
      Array.from({ length: cells }, (_, c) => fields[(row * width + c) % fields.length]).join(','),
    )
  }
  return Buffer.from(`${bom ? '\uFEFF' : ''}${lines.join(eol)}${trailingEol ? eol : ''}`)
}

const anyCsv = fc.oneof(
  { weight: 1, arbitrary: fc.array(token, { maxLength: 40 }).map((t) => Buffer.from(t.flat())) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.boolean(), fc.array(token, { maxLength: 40 }))
      .map(([bom, t]) => Buffer.from([...(bom ? [0xef, 0xbb, 0xbf] : []), ...t.flat()])),
  },
  { weight: 2, arbitrary: table.map(tableBytes) },
)

// Rows long enough to span several of the SIMD path's 64-byte blocks, so that quotes, commas and
// line ends land on every position of a block and on its edges; a defect now and then (a stray
// token anywhere) so that the SIMD path must hand the right row to the byte-by-byte path.
const longField = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', '7', ' ', 'é'), maxLength: 90 }),
  fc
    .string({ unit: fc.constantFrom('a', ',', '"', 'x', '€'), maxLength: 90 })
    .map((text) => `"${text.replaceAll('"', '""')}"`),
)
const longTable = fc
  .record({
    width: fc.integer({ min: 1, max: 6 }),
    rows: fc.integer({ min: 1, max: 60 }),
    eol: fc.constantFrom('\n', '\r\n'),
    trailingEol: fc.boolean(),
    fields: fc.array(longField, { minLength: 50, maxLength: 50 }),
    defect: fc.option(fc.tuple(fc.nat(), token), { freq: 2 }),
  })
  .map(({ width, rows, eol, trailingEol, fields, defect }) => {
    const lines: string[] = []
    for (let row = 0; row <= rows; row++)
      lines.push(Array.from({ length: width }, (_, c) => fields[(row * 7 + c) % 50]).join(','))
    const bytes = Buffer.from(`${lines.join(eol)}${trailingEol ? eol : ''}`)
    if (defect === null) return bytes
    const [at, inserted] = defect
    const cutAt = at % (bytes.length + 1)
    return Buffer.concat([bytes.subarray(0, cutAt), Buffer.from(inserted), bytes.subarray(cutAt)])
  })

const chunkSizes = fc.array(
  fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 64 * 1024 })),
  { minLength: 1, maxLength: 8 },
)
const maxRecordBytes = fc.oneof(
  fc.integer({ min: 1, max: 40 }),
  fc.integer({ min: 41, max: 600 }),
  fc.constant(1024 * 1024),
)

describe('CsvScanner against csv-parse (the oracle)', () => {
  it(`agrees on records, header and every refusal, any chunking (${RUNS} cases, seed ${seed})`, () => {
    fc.assert(
      fc.property(anyCsv, chunkSizes, maxRecordBytes, (bytes, sizes, max) => {
        expect(scan(cut(bytes, sizes), max)).toEqual(oracle(bytes, max))
      }),
      { seed, numRuns: RUNS },
    )
  })

  it(`agrees on long rows across 64-byte blocks, any chunking (${RUNS} cases, seed ${seed})`, () => {
    fc.assert(
      fc.property(longTable, chunkSizes, maxRecordBytes, (bytes, sizes, max) => {
        expect(scan(cut(bytes, sizes), max)).toEqual(oracle(bytes, max))
      }),
      { seed, numRuns: RUNS },
    )
  })

  it.each([
    ['quoted line breaks and escaped quotes', 'a,b\r\n"x\r\ny","say ""hi"""\r\n'],
    ['an empty line (one empty field)', 'a\n\nb\n'],
    ['an empty line in a wider table', 'a,b\n\n1,2\n'],
    ['the first line break found decides (\\r)', 'a\rb\nc\r'],
    ['\\r\\n inside quotes counts two lines', 'a\r\n"1\r\n2"x\r\n'],
    ['NUL after a closing quote', 'a,b\n"1"\u0000,2\n'],
    ['a record over the limit', 'abc,def\n1234567,1\n'],
    ['only a BOM', '\uFEFF'],
    ['a quoted empty field at the end', 'a\n""'],
  ])('%s', (_, text) => {
    const bytes = Buffer.from(text)
    for (const size of [1, 2, 3, bytes.length || 1])
      expect(scan(cut(bytes, [size]), 10)).toEqual(oracle(bytes, 10))
  })

  it('refuses a UTF-16LE byte-order mark instead of misreading the file', () => {
    expect(scan([Buffer.from([0xff, 0xfe, 0x61, 0x00])], 100)).toEqual({
      ok: false,
      code: 'CSV_UNSUPPORTED_ENCODING',
      line: 1,
    })
  })
})
