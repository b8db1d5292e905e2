import { createHash } from 'node:crypto'
import { CsvScanner } from './csv-scanner.ts'
import { InvalidCsvError } from './errors.ts'

export interface CsvSummary {
  /** Data rows (the header is not counted). */
  rows: number
  /** The header row. */
  columns: string[]
  bytes: number
  /** Hex SHA-256 of the exact bytes read. */
  sha256: string
}

export interface SummarizeOptions {
  /** One record may not grow past this (csv-parse's `max_record_size`, counted the same way). */
  maxRecordBytes: number
  /** Named in errors, e.g. `s3://bucket/key`. */
  source: string
}

/**
 * Reads a CSV byte stream once. Each chunk is hashed, counted and scanned in place, in one loop
 * over the body's async iterator: no Transform in between, no copy, no field strings. Pulling
 * the next chunk only after this one is done is the backpressure, so memory stays at a chunk or
 * two whatever the object's size. A refusal stops the read (the iterator destroys the body).
 */
export const summarizeCsv = async (
  body: AsyncIterable<Uint8Array>,
  options: SummarizeOptions,
): Promise<CsvSummary> => {
  const hash = createHash('sha256')
  const scanner = new CsvScanner(options)
  let bytes = 0
  for await (const chunk of body) {
    bytes += chunk.length
    hash.update(chunk)
    scanner.push(chunk)
  }
  const { records, header } = scanner.end()
  if (header === undefined)
    throw new InvalidCsvError(options.source, 'EMPTY_CSV', 'the object has no header row')
  return { rows: records - 1, columns: header, bytes, sha256: hash.digest('hex') }
}
