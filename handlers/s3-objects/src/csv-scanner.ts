import { completeRows } from './csv-rows.ts'
import { InvalidCsvError } from './errors.ts'
import { Utf8UnitCounter } from './utf8-units.ts'

/**
 * A streaming CSV scanner that answers only what the summary needs (records, header, the
 * errors) and builds no string but the header's. It follows csv-parse 6 with
 * `{ bom: true, max_record_size }` and every other option at its default, byte for byte: a
 * property test (tests/csv-scanner.test.ts) keeps csv-parse as the oracle. What that means:
 *
 * - The record delimiter is the first `\r\n`, `\n` or `\r` met outside quotes; after that the
 *   other two are field data.
 * - A quote opens a field only as its first byte; `""` inside quotes is one quote; a closing
 *   quote must be followed by the end of data, NUL, a comma or the record delimiter.
 * - An empty line is a record of one empty field; a line break at the very end adds no record.
 * - Every record has as many fields as the first one.
 * - A record may not grow past `maxRecordBytes`. csv-parse measures the field being read in
 *   bytes and the record's finished fields in UTF-16 code units (their decoded string length),
 *   so this scanner counts code units as the UTF-8 decoder emits them (src/utf8-units.ts).
 * - Line numbers in errors are csv-parse's: every `\r` and `\n` read counts, except the `\n`
 *   of a `\r\n` record delimiter.
 *
 * One refusal of its own: a UTF-16LE byte-order mark (csv-parse would decode the file as
 * UTF-16LE; this scanner reads UTF-8 only).
 *
 * Speed: between rows, runs of plainly valid rows go to the WebAssembly SIMD fast path
 * (src/csv-rows.ts), which stops at the start of any row it cannot vouch for; that row is read
 * here, byte by byte, and the fast path takes over again at the next row.
 */

const QUOTE = 0x22
const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d

// The record delimiter, as csv-parse discovers it.
const UNKNOWN = 0
const DELIMITER_LF = 1
const DELIMITER_CR = 2
const DELIMITER_CRLF = 3

/** 1 for bytes that only extend the field (ASCII other than `,` `"` `\r` `\n`), outside quotes. */
const PLAIN_UNQUOTED = new Uint8Array(256)
/** Inside quotes a comma is data too. */
const PLAIN_QUOTED = new Uint8Array(256)
for (let byte = 0; byte < 0x80; byte++) {
  const lineBreak = byte === LF || byte === CR
  PLAIN_QUOTED[byte] = byte === QUOTE || lineBreak ? 0 : 1
  PLAIN_UNQUOTED[byte] = byte === QUOTE || byte === COMMA || lineBreak ? 0 : 1
}

const UTF8_BOM = [0xef, 0xbb, 0xbf]
const UTF16LE_BOM = [0xff, 0xfe]

export interface CsvScan {
  /** Records, the header included. */
  records: number
  /** The first record's fields, decoded as UTF-8 (undefined when there is no record). */
  header: string[] | undefined
}

export class CsvScanner {
  readonly #maxRecordBytes: number
  readonly #source: string

  // Bytes held back until the next chunk: the byte-order-mark check needs 3 bytes, and a `"`
  // or `\r` at a chunk's end needs up to two more to be understood. Never more than 3 bytes.
  #pending: Uint8Array | undefined
  #bomChecked = false
  #lastByte = -1

  #delimiter = UNKNOWN
  #quoting = false
  /** The current field had quotes (csv-parse's `wasQuoting`): `""` at the end is a record. */
  #wasQuoting = false
  #fieldBytes = 0
  /** UTF-16 code units the current field decodes to so far (the open UTF-8 sequence aside). */
  #fieldUnits = 0
  #recordFields = 0
  /** UTF-16 code units of the current record's finished fields (csv-parse's `record_length`). */
  #recordUnits = 0
  #expectedFields = 0
  #records = 0
  /** `\r` and `\n` bytes read so far, as csv-parse counts them for its line numbers. */
  #lineBreaks = 0

  /** The current field's UTF-8, counted in UTF-16 units. */
  readonly #utf8 = new Utf8UnitCounter()

  // The header's field bytes, kept only while the first record is read.
  #headerBytes: number[] = []
  #header: string[] | undefined = []

  constructor(options: { maxRecordBytes: number; source: string }) {
    this.#maxRecordBytes = options.maxRecordBytes
    this.#source = options.source
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    // A plain Uint8Array view, whatever came in (Buffer is a subclass): the hot loop then sees
    // one kind of array and V8 keeps its element loads monomorphic.
    let bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)
    if (this.#pending !== undefined) {
      bytes = new Uint8Array(this.#pending.length + chunk.length)
      bytes.set(this.#pending)
      bytes.set(chunk, this.#pending.length)
      this.#pending = undefined
    }
    this.#lastByte = bytes[bytes.length - 1] ?? -1
    let start = 0
    if (!this.#bomChecked) {
      if (bytes.length < 3) {
        this.#pending = bytes.slice()
        return
      }
      start = this.#skipBom(bytes)
    }
    this.#scan(bytes, start, false)
  }

  /** Call once the stream has ended: checks what only the end can tell. */
  end(): CsvScan {
    const rest = this.#pending
    this.#pending = undefined
    if (rest !== undefined) {
      const start = this.#bomChecked ? 0 : this.#skipBom(rest)
      this.#scan(rest, start, true)
    }
    // csv-parse counts a line break at position p when it reads p + 1: the last one is not yet.
    const line = 1 + this.#lineBreaks - (this.#lastByte === LF || this.#lastByte === CR ? 1 : 0)
    if (this.#quoting) {
      throw this.#error(
        'CSV_QUOTE_NOT_CLOSED',
        `Quote Not Closed: the parsing is finished with an opening quote at line ${line}`,
        line,
      )
    }
    if (this.#wasQuoting || this.#recordFields !== 0 || this.#fieldBytes !== 0) {
      this.#endField()
      this.#endRecord(line)
    }
    return { records: this.#records, header: this.#records === 0 ? undefined : this.#header }
  }

  #skipBom(bytes: Uint8Array): number {
    this.#bomChecked = true
    // Fewer than 3 bytes in the whole object: csv-parse does not look for a BOM either.
    if (bytes.length < 3) return 0
    if (UTF8_BOM.every((byte, i) => bytes[i] === byte)) return 3
    if (UTF16LE_BOM.every((byte, i) => bytes[i] === byte)) {
      throw this.#error(
        'CSV_UNSUPPORTED_ENCODING',
        'the object starts with a UTF-16LE byte-order mark; save the CSV as UTF-8',
        1,
      )
    }
    return 0
  }

  /**
   * The hot loop: runs of plain bytes are skipped in a tight inner loop and accounted at once;
   * only commas, quotes, line breaks and non-ASCII bytes take the longer way. When a chunk ends
   * in the middle of something that needs the next bytes (`"` or `\r`), the rest is held back.
   */
  #scan(bytes: Uint8Array, start: number, final: boolean): void {
    const length = bytes.length
    let i = start
    while (i < length) {
      const rowsKnown = this.#records !== 0 && this.#delimiter !== UNKNOWN && !this.#utf8.open
      const simd = rowsKnown && this.#delimiter !== DELIMITER_CR
      if (simd && this.#atRowStart()) {
        const fast = completeRows(bytes, i, {
          expectedFields: this.#expectedFields,
          maxRowBytes: this.#maxRecordBytes,
          crlf: this.#delimiter === DELIMITER_CRLF,
        })
        this.#records += fast.rows
        this.#lineBreaks += fast.rows
        i = fast.end
        if (i === length) return
      }
      if (rowsKnown) {
        // After the SIMD path stopped at a row, this reads that one row and hands back.
        const rowEnd = this.#scanRows(bytes, i, simd)
        const progressed = rowEnd !== i
        i = rowEnd
        if (i === length) return
        if (simd && progressed && this.#atRowStart()) continue
      }
      const plain = this.#quoting ? PLAIN_QUOTED : PLAIN_UNQUOTED
      let end = i
      while (end < length && plain[bytes[end] as number] === 1) end++
      if (end !== i) {
        this.#appendPlainRun(bytes, i, end)
        i = end
        if (i === length) return
      }
      const byte = bytes[i] as number
      const consumed = this.#quoting
        ? this.#quotedByte(bytes, i, byte, final)
        : this.#unquotedByte(bytes, i, byte, final)
      if (consumed === 0) {
        this.#pending = bytes.slice(i)
        return
      }
      i += consumed
    }
  }

  /**
   * The common case, once the header is read and the record delimiter known: rows of plain
   * ASCII, commas, quoted fields and line ends, with the state in locals. It stops before
   * anything else (a refusal to raise, a non-ASCII byte, a stray line break, a chunk that ends
   * on `"` or `\r`) and returns where; the general path takes that byte and hands back.
   */
  #scanRows(bytes: Uint8Array, start: number, oneRow: boolean): number {
    const length = bytes.length
    const max = this.#maxRecordBytes
    const expected = this.#expectedFields
    const crlf = this.#delimiter === DELIMITER_CRLF
    const eol = this.#delimiter === DELIMITER_LF ? LF : CR
    let quoting = this.#quoting
    let wasQuoting = this.#wasQuoting
    let fieldBytes = this.#fieldBytes
    let fieldUnits = this.#fieldUnits
    let recordFields = this.#recordFields
    let recordUnits = this.#recordUnits
    let records = this.#records
    let lineBreaks = this.#lineBreaks
    let i = start
    while (i < length) {
      const plain = quoting ? PLAIN_QUOTED : PLAIN_UNQUOTED
      let end = i
      while (end < length && plain[bytes[end] as number] === 1) end++
      if (end !== i) {
        if (recordUnits + fieldBytes + (end - i) - 1 > max) break
        fieldBytes += end - i
        fieldUnits += end - i
        i = end
        if (i === length) break
      }
      const byte = bytes[i]
      if (quoting) {
        if (byte === QUOTE) {
          const next = bytes[i + 1]
          if (next === QUOTE) {
            if (recordUnits + fieldBytes > max) break
            fieldBytes++
            fieldUnits++
            i += 2
            continue
          }
          if (next === COMMA || (crlf ? next === CR && bytes[i + 2] === LF : next === eol)) {
            quoting = false
            wasQuoting = true
            i++
            continue
          }
          break
        }
        if (byte === LF || byte === CR) {
          if (recordUnits + fieldBytes > max) break
          fieldBytes++
          fieldUnits++
          lineBreaks++
          i++
          continue
        }
        break
      }
      if (byte === COMMA) {
        recordUnits += fieldUnits
        recordFields++
        fieldBytes = 0
        fieldUnits = 0
        wasQuoting = false
        i++
        continue
      }
      if (byte === eol && (!crlf || bytes[i + 1] === LF) && recordFields + 1 === expected) {
        records++
        recordFields = 0
        recordUnits = 0
        fieldBytes = 0
        fieldUnits = 0
        wasQuoting = false
        lineBreaks++
        i += crlf ? 2 : 1
        if (oneRow) break
        continue
      }
      if (byte === QUOTE && fieldBytes === 0) {
        quoting = true
        i++
        continue
      }
      break
    }
    this.#quoting = quoting
    this.#wasQuoting = wasQuoting
    this.#fieldBytes = fieldBytes
    this.#fieldUnits = fieldUnits
    this.#recordFields = recordFields
    this.#recordUnits = recordUnits
    this.#records = records
    this.#lineBreaks = lineBreaks
    return i
  }

  /** Plain ASCII bytes join the field. The first one appended past the size limit fails. */
  #appendPlainRun(bytes: Uint8Array, start: number, end: number): void {
    const room = this.#maxRecordBytes - this.#recordUnits - this.#fieldBytes
    if (end - start > room + 1) throw this.#tooLarge()
    this.#fieldUnits += this.#utf8.close()
    this.#fieldBytes += end - start
    this.#fieldUnits += end - start
    if (this.#records === 0)
      for (let k = start; k < end; k++) this.#headerBytes.push(bytes[k] as number)
  }

  /** One byte joins the field: the record-size check first, as csv-parse does it. */
  #append(byte: number): void {
    if (this.#recordUnits + this.#fieldBytes > this.#maxRecordBytes) throw this.#tooLarge()
    this.#fieldBytes++
    if (byte < 0x80) {
      this.#fieldUnits += this.#utf8.close()
      this.#fieldUnits++
    } else {
      this.#fieldUnits += this.#utf8.nonAscii(byte)
    }
    if (this.#records === 0) this.#headerBytes.push(byte)
  }

  /** Returns how many bytes it consumed, or 0 when it needs bytes the chunk does not have. */
  #quotedByte(bytes: Uint8Array, i: number, byte: number, final: boolean): number {
    if (byte !== QUOTE) {
      // A line break or a non-ASCII byte inside quotes: data.
      this.#append(byte)
      if (byte === LF || byte === CR) this.#lineBreaks++
      return 1
    }
    if (i + 1 >= bytes.length && !final) return 0
    const next = bytes[i + 1]
    if (next === QUOTE) {
      // `""`: the first quote escapes the second, which is field data.
      this.#append(QUOTE)
      return 2
    }
    // csv-parse closes on "no next byte", which includes NUL.
    let closes = next === undefined || next === 0 || next === COMMA
    if (next === LF || next === CR) {
      const delimiter = this.#delimiter
      if (next === CR && (delimiter === UNKNOWN || delimiter === DELIMITER_CRLF)) {
        if (i + 2 >= bytes.length && !final) return 0
      }
      const afterNext = bytes[i + 2]
      if (delimiter === UNKNOWN) {
        closes = true
        this.#delimiter =
          next === LF ? DELIMITER_LF : afterNext === LF ? DELIMITER_CRLF : DELIMITER_CR
      } else if (delimiter === DELIMITER_LF) closes = next === LF
      else if (delimiter === DELIMITER_CR) closes = next === CR
      else closes = next === CR && afterNext === LF
    }
    if (!closes) {
      throw this.#error(
        'CSV_INVALID_CLOSING_QUOTE',
        `Invalid Closing Quote: got "${String.fromCharCode(next as number)}" at line ${this.#line()} instead of delimiter, record delimiter, trimable character (if activated) or comment`,
      )
    }
    this.#quoting = false
    this.#wasQuoting = true
    return 1
  }

  /** Returns how many bytes it consumed, or 0 when it needs bytes the chunk does not have. */
  #unquotedByte(bytes: Uint8Array, i: number, byte: number, final: boolean): number {
    if (byte === COMMA) {
      this.#endField()
      return 1
    }
    if (byte === QUOTE) {
      if (this.#fieldBytes !== 0) {
        throw this.#error(
          'INVALID_OPENING_QUOTE',
          `Invalid Opening Quote: a quote is found on field ${this.#recordFields} at line ${this.#line()}`,
        )
      }
      this.#quoting = true
      return 1
    }
    if (byte !== LF && byte !== CR) {
      this.#append(byte)
      return 1
    }
    if (byte === CR && (this.#delimiter === UNKNOWN || this.#delimiter === DELIMITER_CRLF)) {
      if (i + 1 >= bytes.length && !final) return 0
    }
    const next = bytes[i + 1]
    if (this.#delimiter === UNKNOWN) {
      this.#delimiter = byte === LF ? DELIMITER_LF : next === LF ? DELIMITER_CRLF : DELIMITER_CR
    }
    const delimiterLength =
      this.#delimiter === DELIMITER_CRLF
        ? byte === CR && next === LF
          ? 2
          : 0
        : (this.#delimiter === DELIMITER_LF) === (byte === LF)
          ? 1
          : 0
    if (delimiterLength === 0) {
      // Not this file's record delimiter: a line break inside the field.
      this.#append(byte)
      this.#lineBreaks++
      return 1
    }
    this.#endField()
    this.#endRecord(this.#line())
    // The `\n` of `\r\n` is skipped, so csv-parse does not count it as a line.
    this.#lineBreaks++
    return delimiterLength
  }

  /** Between two records, outside quotes, with the header read and the line break known. */
  #atRowStart(): boolean {
    return (
      !this.#quoting &&
      !this.#wasQuoting &&
      this.#fieldBytes === 0 &&
      this.#recordFields === 0 &&
      this.#recordUnits === 0
    )
  }

  /** csv-parse's line number for an error at the byte being read. */
  #line(): number {
    return 1 + this.#lineBreaks
  }

  #endField(): void {
    this.#fieldUnits += this.#utf8.close()
    this.#recordUnits += this.#fieldUnits
    this.#recordFields++
    if (this.#records === 0 && this.#header !== undefined) {
      this.#header.push(Buffer.from(this.#headerBytes).toString('utf8'))
      this.#headerBytes = []
    }
    this.#fieldBytes = 0
    this.#fieldUnits = 0
    this.#wasQuoting = false
  }

  #endRecord(line: number): void {
    if (this.#records === 0) {
      this.#expectedFields = this.#recordFields
    } else if (this.#recordFields !== this.#expectedFields) {
      throw this.#error(
        'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH',
        `Invalid Record Length: expect ${this.#expectedFields}, got ${this.#recordFields} on line ${line}`,
        line,
      )
    }
    this.#records++
    this.#recordFields = 0
    this.#recordUnits = 0
  }

  #tooLarge(): InvalidCsvError {
    return this.#error(
      'CSV_MAX_RECORD_SIZE',
      `Max Record Size: record exceed the maximum number of tolerated bytes of ${this.#maxRecordBytes} at line ${this.#line()}`,
    )
  }

  #error(code: string, detail: string, line = this.#line()): InvalidCsvError {
    return new InvalidCsvError(this.#source, code, detail, line)
  }
}
