import * as zlib from 'node:zlib'
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { ParsedLogEvent } from './parse-log-event.ts'

export interface BatchSource {
  owner: string
  logGroup: string
  logStream: string
}

/** How the archive's NDJSON is compressed: the key's extension and Content-Encoding say which. */
export interface ArchiveCodec {
  extension: 'gz' | 'zst'
  contentEncoding: 'gzip' | 'zstd'
  compress: (ndjson: Buffer) => Buffer
}

/**
 * gzip level 1: what every tool reads (zcat, S3 Select, Athena, browsers). Levels 2–3 cost about
 * the same for ~1 % less; 6–9 cost 3–5× the CPU for ~10 % less (the bench prints the table).
 */
export const GZIP: ArchiveCodec = {
  extension: 'gz',
  contentEncoding: 'gzip',
  compress: (ndjson) => zlib.gzipSync(ndjson, { level: 1 }),
}

/**
 * zstd level 1: on a maximum-size batch about a third less CPU than gzip 1, for 40 % of its
 * bytes. Node has it from 22.15 (zlib's zstd is marked experimental there).
 */
export const ZSTD: ArchiveCodec = {
  extension: 'zst',
  contentEncoding: 'zstd',
  compress: (ndjson) =>
    zlib.zstdCompressSync(ndjson, { params: { [zlib.constants.ZSTD_c_compressionLevel]: 1 } }),
}

/**
 * The archive's codec, chosen on the bench's table (README, "Performance"): zstd, or gzip on a
 * Node without zstd (older than 22.15), so an older Lambda runtime still archives.
 */
export const ARCHIVE_CODEC: ArchiveCodec = typeof zlib.zstdCompressSync === 'function' ? ZSTD : GZIP

const twoDigits = (n: number) => String(n).padStart(2, '0')

/**
 * `logs/<logGroup>/<yyyy>/<mm>/<dd>/<first event id>.ndjson.<zst|gz>`, dated by the first event
 * (UTC). The log group's leading "/" is dropped so the key has no empty segment.
 */
export const archiveKey = (
  logGroup: string,
  firstEvent: Pick<ParsedLogEvent, 'id' | 'timestamp'>,
  codec: ArchiveCodec,
): string => {
  const day = new Date(firstEvent.timestamp)
  return [
    'logs',
    logGroup.replace(/^\/+/, ''),
    day.getUTCFullYear(),
    twoDigits(day.getUTCMonth() + 1),
    twoDigits(day.getUTCDate()),
    `${firstEvent.id}.ndjson.${codec.extension}`,
  ].join('/')
}

// Lines are gathered into strings of about this many characters, each encoded into the output
// buffer at once: one encoder call per line costs more, one 10 000-piece string to flatten too.
const FLUSH_CHARS = 16 * 1024

// What CloudWatch writes as event ids (and @repo/runtime's decoder lets through): written between
// quotes as they are. Anything else goes through JSON.stringify.
const PLAIN_ID = /^[\w.-]*$/

/**
 * The archive of one batch, built while the batch is read: each event becomes its line as soon
 * as it is parsed, so the parsed events need not outlive the loop (the garbage collector copies
 * whatever survives). One JSON object per line (README, "Archive"):
 * `{"id","timestamp","level"?,"requestId"?,"message"}`. The line is put together from its parts
 * instead of `JSON.stringify(event)`: only the message and what a log line chose (its level and
 * request id) need escaping, and a millisecond timestamp is written from a cached prefix (number
 * to text is the slowest part of a line otherwise). Owner, log group and stream are the same for
 * the whole batch: they go once on the S3 object (key and metadata), not on each line.
 */
export class NdjsonArchive {
  // A maximum-size batch makes about 2 MB of NDJSON.
  #buffer = Buffer.allocUnsafe(1 << 22)
  #length = 0
  #pending = ''
  // The last timestamp's millions of milliseconds (~17 minutes), as a number and as text.
  #millions = Number.NaN
  #millionsText = ''
  // The last level and request id, with their JSON: a Lambda log stream runs one invocation at a
  // time, so neighbouring lines mostly share both.
  #level: string | undefined
  #levelJson = ''
  #requestId: string | undefined
  #requestIdJson = ''

  /** Adds the event's line; returns its message as JSON text (alerts reuse it). */
  add(event: ParsedLogEvent): string {
    const { id, level, requestId } = event
    let line = PLAIN_ID.test(id)
      ? `{"id":"${id}","timestamp":`
      : `{"id":${JSON.stringify(id)},"timestamp":`
    line += this.#timestamp(event.timestamp)
    if (level !== undefined) {
      if (level !== this.#level) {
        this.#level = level
        this.#levelJson = `,"level":${JSON.stringify(level)}`
      }
      line += this.#levelJson
    }
    if (requestId !== undefined) {
      if (requestId !== this.#requestId) {
        this.#requestId = requestId
        this.#requestIdJson = `,"requestId":${JSON.stringify(requestId)}`
      }
      line += this.#requestIdJson
    }
    const message = JSON.stringify(event.message)
    this.#pending += `${line},"message":${message}}\n`
    if (this.#pending.length > FLUSH_CHARS) this.#flush()
    return message
  }

  /** The NDJSON of every event added, compressed. */
  compress(codec: ArchiveCodec): Buffer {
    this.#flush()
    return codec.compress(this.#buffer.subarray(0, this.#length))
  }

  /** What JSON.stringify writes for the timestamp, without its number-to-text conversion. */
  #timestamp(timestamp: number): string {
    // A field that is not what CloudWatch sends (not a number) must not break the line.
    if (typeof timestamp !== 'number') return JSON.stringify(timestamp) ?? 'null'
    let below = timestamp - this.#millions
    if (!(below >= 0 && below < 1e6 && Number.isInteger(below))) {
      if (!Number.isSafeInteger(timestamp) || timestamp < 1e6) return JSON.stringify(timestamp)
      below = timestamp % 1e6
      this.#millions = timestamp - below
      this.#millionsText = String(this.#millions / 1e6)
    }
    return this.#millionsText + String(below).padStart(6, '0')
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
  codec: ArchiveCodec,
): Promise<void> => {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/x-ndjson',
      ContentEncoding: codec.contentEncoding,
      // S3 metadata is ASCII: the log group and stream are percent-encoded.
      Metadata: {
        owner: source.owner,
        'log-group': encodeURIComponent(source.logGroup),
        'log-stream': encodeURIComponent(source.logStream),
      },
    }),
  )
}
