import { CSV_ROWS_WASM_BASE64 } from './csv-rows-wasm.ts'

/**
 * The CSV scanner's fast path: whole, plainly valid rows counted 64 bytes at a time with
 * WebAssembly SIMD (src/csv-rows.wat says which rows qualify and why that is safe). It answers
 * only "how many rows from here, and where does the first row it will not vouch for start"; the
 * JavaScript scanner reads that row byte by byte with csv-parse's rules.
 */
interface CsvRowsExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number }
  rows: { value: number }
  scanRows(start: number, end: number, expected: number, maxRow: number, crlf: number): number
}

// Node has WebAssembly; TypeScript declares it only in the DOM library, which this code has no
// use for. What is used of it, declared here:
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: object }
}

/** The module reads up to 64 bytes past the data it is given. */
const BLOCK_BYTES = 64
const PAGE_BYTES = 64 * 1024

let instance: CsvRowsExports | undefined
/** The bytes now in the module's memory (pushes are synchronous, so one scanner at a time). */
let loaded: Uint8Array | undefined

// Compiled on first use, not at import: a cold start that never reads a CSV does not pay for it.
const exportsOf = (): CsvRowsExports => {
  instance ??= new WebAssembly.Instance(
    new WebAssembly.Module(Buffer.from(CSV_ROWS_WASM_BASE64, 'base64')),
  ).exports as CsvRowsExports
  return instance
}

const load = (wasm: CsvRowsExports, bytes: Uint8Array): void => {
  const needed = bytes.length + BLOCK_BYTES
  const { memory } = wasm
  if (memory.buffer.byteLength < needed)
    memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE_BYTES))
  new Uint8Array(memory.buffer, 0, bytes.length).set(bytes)
  loaded = bytes
}

export interface RowShape {
  /** Fields every row has (the header's count). */
  expectedFields: number
  /** Rows longer than this many bytes (line break included) are left to the caller. */
  maxRowBytes: number
  /** Rows end in `\r\n` (otherwise `\n`). */
  crlf: boolean
}

/**
 * Counts the complete rows of `bytes` from `start`, which must be a row start outside quotes.
 * Returns how many it accepted and where the first row it did not accept starts (`bytes.length`
 * when the data ends exactly after an accepted row).
 */
export const completeRows = (
  bytes: Uint8Array,
  start: number,
  shape: RowShape,
): { rows: number; end: number } => {
  const wasm = exportsOf()
  if (loaded !== bytes) load(wasm, bytes)
  const end = wasm.scanRows(
    start,
    bytes.length,
    shape.expectedFields,
    shape.maxRowBytes,
    shape.crlf ? 1 : 0,
  )
  return { rows: wasm.rows.value, end }
}
