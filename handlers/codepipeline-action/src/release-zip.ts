import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { type Entry, fromBufferPromise, type ZipFile } from 'yauzl'
import { JobRejectedError, OutOfTimeError } from './errors.ts'

export interface ZipLimits {
  /** Largest inflated size of one entry: declared in the zip, and enforced while inflating. */
  maxEntryBytes: number
  /** Largest inflated total this invocation reads from the zip. */
  maxInflatedBytes: number
  /** Throws OutOfTimeError when the invocation must stop to report in time. */
  checkDeadline: () => void
}

export interface ReleaseZip {
  /** Every file path in the archive (directories excluded). */
  files: ReadonlySet<string>
  /** A file's bytes, inflated in memory (for small files: the manifest). */
  readBytes(path: string): Promise<Uint8Array>
  /** A file's SHA-256 (hex), hashed as it inflates: nothing is held in memory. */
  sha256(path: string): Promise<string>
}

const unreadable = (detail: string) =>
  new JobRejectedError(
    'JobFailed',
    `The input artifact is not a readable zip (${detail}). Check the build stage's output artifact.`,
  )

/**
 * Opens the artifact with yauzl, which reads the central directory only, checks every entry's
 * name (no absolute paths, no `..`) and, with `validateEntrySizes`, stops an entry the moment it
 * inflates past the size it declares. That bound is what makes the limits hold: a zip bomb's
 * entry declaring 64 bytes is cut off after 64, not inflated to the end. An entry that lies about
 * its size is a corrupt artifact (JobFailed), as is one declaring more than `maxEntryBytes`, or
 * reads that would take this invocation past `maxInflatedBytes`.
 */
export const openReleaseZip = async (bytes: Uint8Array, limits: ZipLimits): Promise<ReleaseZip> => {
  let zip: ZipFile
  const entries = new Map<string, Entry>()
  try {
    zip = await fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      lazyEntries: true,
      validateEntrySizes: true,
    })
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry)
    }
  } catch (error) {
    throw unreadable((error as Error).message)
  }
  let inflated = 0

  const inflate = async (path: string, onChunk: (chunk: Buffer) => void): Promise<void> => {
    const entry = entries.get(path)
    if (entry === undefined) throw unreadable(`no entry ${path}`)
    const declared = entry.uncompressedSize
    if (declared > limits.maxEntryBytes) {
      throw new JobRejectedError(
        'JobFailed',
        `${path} inflates to ${declared} bytes, above the ${limits.maxEntryBytes}-byte limit per file (MAX_ENTRY_BYTES).`,
      )
    }
    if (inflated + declared > limits.maxInflatedBytes) {
      throw new JobRejectedError(
        'JobFailed',
        `Reading ${path} (${declared} bytes) would inflate ${inflated + declared} bytes in this invocation, above the ${limits.maxInflatedBytes}-byte limit (MAX_INFLATED_BYTES).`,
      )
    }
    inflated += declared
    limits.checkDeadline()
    let stream: Readable
    try {
      stream = await zip.openReadStreamPromise(entry)
    } catch (error) {
      throw unreadable(`${path}: ${(error as Error).message}`)
    }
    try {
      for await (const chunk of stream) {
        onChunk(chunk as Buffer)
        limits.checkDeadline()
      }
    } catch (error) {
      stream.destroy()
      if (error instanceof JobRejectedError || error instanceof OutOfTimeError) throw error
      throw new JobRejectedError(
        'JobFailed',
        `${path} is corrupt: it declares ${declared} bytes but does not inflate to exactly that (${(error as Error).message}). The artifact is damaged or was crafted; rebuild it.`,
      )
    }
  }

  return {
    files: new Set(entries.keys()),
    readBytes: async (path) => {
      const chunks: Buffer[] = []
      await inflate(path, (chunk) => chunks.push(chunk))
      return Buffer.concat(chunks)
    },
    sha256: async (path) => {
      const hash = createHash('sha256')
      await inflate(path, (chunk) => hash.update(chunk))
      return hash.digest('hex')
    },
  }
}
