import { gzipSync } from 'node:zlib'
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { ParsedLogEvent } from './parse-log-event.ts'

export interface BatchSource {
  owner: string
  logGroup: string
  logStream: string
}

const twoDigits = (n: number) => String(n).padStart(2, '0')

/**
 * `logs/<logGroup>/<yyyy>/<mm>/<dd>/<first event id>.ndjson.gz`, dated by the first event (UTC).
 * The log group's leading "/" is dropped so the key has no empty segment.
 */
export const archiveKey = (logGroup: string, firstEvent: ParsedLogEvent): string => {
  const day = new Date(firstEvent.timestamp)
  return [
    'logs',
    logGroup.replace(/^\/+/, ''),
    day.getUTCFullYear(),
    twoDigits(day.getUTCMonth() + 1),
    twoDigits(day.getUTCDate()),
    `${firstEvent.id}.ndjson.gz`,
  ].join('/')
}

/**
 * gzip level 1: on a maximum-size batch it writes 1.4 % more than level 3 for the same CPU, and
 * 10–11 % more than levels 4–9 for under half their CPU (bench/decode-redact-archive.bench.ts
 * prints the table; README, "Performance", weighs it against storage).
 */
export const ARCHIVE_GZIP_LEVEL = 1

// Lines are gathered into strings of about this many characters, each encoded into the output
// buffer at once: one encoder call per line costs more, one 10 000-piece string to flatten too.
const FLUSH_CHARS = 16 * 1024

/**
 * The archive of one batch, built while the batch is read: each event becomes its line as soon
 * as it is parsed, so the parsed events need not outlive the loop (the garbage collector copies
 * whatever survives). One JSON object per line, in ParsedLogEvent's field order (JSON.stringify
 * writes the line and escapes whatever a field holds). A batch comes from one log stream, so
 * owner, log group and stream go once on the S3 object (key and metadata), not on each line.
 */
export class NdjsonArchive {
  // A maximum-size batch makes 2–3 MB of NDJSON.
  #buffer = Buffer.allocUnsafe(1 << 22)
  #length = 0
  #pending = ''

  add(event: ParsedLogEvent): void {
    this.#pending += `${JSON.stringify(event)}\n`
    if (this.#pending.length > FLUSH_CHARS) this.#flush()
  }

  /** The gzipped NDJSON of every event added. */
  gzip(): Buffer {
    this.#flush()
    return gzipSync(this.#buffer.subarray(0, this.#length), { level: ARCHIVE_GZIP_LEVEL })
  }

  #flush(): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const worstCase = this.#length + this.#pending.length * 3
    if (worstCase > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, worstCase))
      this.#buffer.copy(grown, 0, 0, this.#length)
      this.#buffer = grown
    }
    this.#length += this.#buffer.write(this.#pending, this.#length)
    this.#pending = ''
  }
}

export const putArchive = async (
  s3: S3Client,
  bucket: string,
  key: string,
  body: Buffer,
  source: BatchSource,
): Promise<void> => {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/x-ndjson',
      ContentEncoding: 'gzip',
      // S3 metadata is ASCII: the log group and stream are percent-encoded.
      Metadata: {
        owner: source.owner,
        'log-group': encodeURIComponent(source.logGroup),
        'log-stream': encodeURIComponent(source.logStream),
      },
    }),
  )
}
