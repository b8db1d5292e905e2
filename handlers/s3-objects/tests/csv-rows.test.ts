import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { assembleCsvRows, csvRowsModuleSource } from '../scripts/assemble-wasm.ts'
import { completeRows, type RowShape } from '../src/csv-rows.ts'

/**
 * The SIMD fast path on its own. Whether the scanner's answers stay csv-parse's is the property
 * test's job (tests/csv-scanner.test.ts); this file checks that the fast path does its share: it
 * accepts the plain rows wherever they fall in its 64-byte blocks, and it stops exactly at the
 * start of a row it must not vouch for.
 */
const lf: RowShape = { expectedFields: 3, maxRowBytes: 1024, crlf: false }
const crlf: RowShape = { ...lf, crlf: true }

const run = (text: string, shape: RowShape, start = 0) =>
  completeRows(new Uint8Array(Buffer.from(text)), start, shape)

// Rows with a quoted field holding commas and an escaped quote, so that quotes, separators and
// row ends fall on every offset of a block as the padding grows.
const plainRows = (padding: number, eol: string, count = 6) =>
  Array.from(
    { length: count },
    (_, row) => `${'p'.repeat(padding)}${row},"q, ""${row}"", r",tail${eol}`,
  ).join('')

describe('completeRows (the WebAssembly fast path)', () => {
  it('is the assembly of src/csv-rows.wat (npm run build:wasm was run after the last edit)', async () => {
    const committed = await readFile(new URL('../src/csv-rows-wasm.ts', import.meta.url), 'utf8')
    expect(committed).toBe(csvRowsModuleSource(await assembleCsvRows()))
  })

  it.each([
    ['\\n', '\n', lf],
    ['\\r\\n', '\r\n', crlf],
  ])('accepts every plain %s row wherever it falls in a 64-byte block', (_, eol, shape) => {
    for (let padding = 0; padding <= 130; padding++) {
      const text = plainRows(padding, eol)
      expect(run(text, shape), `padding ${padding}`).toEqual({ rows: 6, end: text.length })
    }
  })

  it('accepts a quoted field that runs across several blocks', () => {
    const text = `a,"${'x,'.repeat(100)}",c\n`.repeat(3)
    expect(run(text, lf)).toEqual({ rows: 3, end: text.length })
  })

  it('starts from the given offset and leaves a row with no line end yet', () => {
    const text = `skip me${plainRows(3, '\n', 2)}1,2,3`
    expect(run(text, lf, 'skip me'.length)).toEqual({ rows: 2, end: text.length - 5 })
  })

  it.each([
    ['a row with too many fields', '1,2,3,4\n', lf],
    ['a row with too few fields', '1,2\n', lf],
    ['a quote that opens inside a field', '1,a"b,3\n', lf],
    ['a closing quote followed by a letter', '1,"b"x,3\n', lf],
    ['a line break inside quotes', '1,"b\nc",3\n', lf],
    ['a \\r in a \\n file', '1,b\r,3\n', lf],
    ['a lone \\n in a \\r\\n file', '1,b\n,3\r\n', crlf],
    ['a \\r not followed by \\n in a \\r\\n file', '1,b\r,3\r\n', crlf],
    ['a row longer than maxRowBytes', `1,${'b'.repeat(2000)},3\n`, lf],
  ])('stops at the start of %s, wherever it falls', (_, badRow, shape) => {
    const eol = shape.crlf ? '\r\n' : '\n'
    for (let padding = 0; padding <= 70; padding++) {
      const before = plainRows(padding, eol, 2)
      const text = `${before}${badRow}${plainRows(0, eol, 2)}`
      expect(run(text, shape), `padding ${padding}`).toEqual({ rows: 2, end: before.length })
    }
  })
})
