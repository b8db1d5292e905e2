import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidCsvError } from '../src/errors.ts'
import { summarizeCsv } from '../src/summarize-csv.ts'

const options = { maxRecordBytes: 1024 * 1024, source: 's3://b/k.csv' }

/** RFC 4180: quote every field, double the quotes inside. */
const toCsv = (table: string[][]) =>
  table.map((row) => row.map((field) => `"${field.replaceAll('"', '""')}"`).join(',')).join('\r\n')

/** Cuts bytes into chunks at the given points, as a network stream would (even mid-character). */
async function* chunked(bytes: Buffer, cuts: number[]) {
  let start = 0
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(start, cut)
    start = cut
  }
  yield bytes.subarray(start)
}

describe('summarizeCsv', () => {
  it('counts rows, reads the header, bytes and SHA-256 whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }).chain((width) =>
          fc.tuple(
            fc.array(
              fc.array(fc.string({ unit: 'grapheme' }), { minLength: width, maxLength: width }),
              {
                minLength: 1,
                maxLength: 20,
              },
            ),
            fc.array(fc.nat(), { maxLength: 10 }),
          ),
        ),
        async ([table, cuts]) => {
          const bytes = Buffer.from(toCsv(table))
          const summary = await summarizeCsv(chunked(bytes, cuts), options)
          expect(summary).toEqual({
            rows: table.length - 1,
            columns: table[0],
            bytes: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
          })
        },
      ),
      { numRuns: 150 },
    )
  })

  it.each([
    ['an unclosed quote', 'a,b\n1,"2\n', 'CSV_QUOTE_NOT_CLOSED'],
    ['rows of different widths', 'a,b\n1,2,3\n', 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'],
    ['text after a closing quote', 'a,b\n"1"x,2\n', 'CSV_INVALID_CLOSING_QUOTE'],
    ['no header at all', '', 'EMPTY_CSV'],
  ])('refuses %s with a typed InvalidCsvError', async (_, text, code) => {
    const failure = summarizeCsv(chunked(Buffer.from(text), []), options)
    await expect(failure).rejects.toBeInstanceOf(InvalidCsvError)
    await expect(failure).rejects.toMatchObject({
      code,
      message: expect.stringContaining('s3://b/k.csv'),
    })
  })

  it('refuses a record larger than maxRecordBytes instead of buffering it', async () => {
    const huge = `a\n"${'x'.repeat(5000)}"\n`
    await expect(
      summarizeCsv(chunked(Buffer.from(huge), [100, 2000]), { ...options, maxRecordBytes: 1000 }),
    ).rejects.toMatchObject({ name: 'InvalidCsvError', code: 'CSV_MAX_RECORD_SIZE' })
  })

  it('drops a UTF-8 byte-order mark from the header', async () => {
    const summary = await summarizeCsv(
      chunked(Buffer.from('\uFEFFid,name\n1,x\n'), [1, 2]),
      options,
    )
    expect(summary.columns).toEqual(['id', 'name'])
    expect(summary.bytes).toBe(Buffer.byteLength('\uFEFFid,name\n1,x\n'))
  })
})
