import { createHash } from 'node:crypto'
import { type ReleaseManifest, readManifest } from './manifest.ts'
import type { ReleaseZip } from './release-zip.ts'

export interface CheckOptions {
  manifestPath: string
  requiredFiles: readonly string[]
  /** Index of the first checksum still to verify (from the continuation token). */
  resumeAt: number
  maxChecks: number
  /** False once this invocation must stop and hand over, to report before the timeout. */
  hasTimeLeft: () => boolean
}

export type CheckOutcome =
  | { kind: 'passed'; manifest: ReleaseManifest }
  | { kind: 'failed'; problems: string[] }
  | { kind: 'paused'; next: number; total: number }

// Inflate in slices: one fflate pass per file would rescan the central directory each time.
const sliceSize = 32

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/**
 * The release check. The quick part (manifest, required files) runs on every invocation, so
 * a continuation never trusts the previous one's memory; the long part (checksums) resumes
 * at `resumeAt` and pauses when the budget runs out.
 */
export const checkRelease = (zip: ReleaseZip, options: CheckOptions): CheckOutcome => {
  const { manifestPath } = options
  if (!zip.files.has(manifestPath)) {
    return { kind: 'failed', problems: [`${manifestPath} is missing from the artifact`] }
  }
  const manifestBytes = zip.read([manifestPath]).get(manifestPath) ?? new Uint8Array()
  const reading = readManifest(manifestPath, manifestBytes)
  if (!reading.ok) return { kind: 'failed', problems: reading.problems }
  const { manifest } = reading

  const checksums = Object.entries(manifest.checksums ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )
  const missing = [...options.requiredFiles, ...checksums.map(([path]) => path)].filter(
    (path) => !zip.files.has(path),
  )
  if (missing.length > 0) {
    const unique = [...new Set(missing)]
    return {
      kind: 'failed',
      problems: [`required file${unique.length === 1 ? '' : 's'} missing: ${unique.join(', ')}`],
    }
  }

  let next = options.resumeAt
  let checked = 0
  while (next < checksums.length) {
    // Always verify at least one slice, so a continuation chain cannot stall at zero progress.
    if (checked > 0 && (checked >= options.maxChecks || !options.hasTimeLeft())) {
      return { kind: 'paused', next, total: checksums.length }
    }
    const slice = checksums.slice(next, next + Math.min(sliceSize, options.maxChecks - checked))
    const contents = zip.read(slice.map(([path]) => path))
    const mismatches = slice.filter(
      ([path, expected]) =>
        sha256Hex(contents.get(path) ?? new Uint8Array()) !== expected.toLowerCase(),
    )
    if (mismatches.length > 0) {
      return {
        kind: 'failed',
        problems: mismatches.map(([path]) => `checksum mismatch for ${path}`),
      }
    }
    next += slice.length
    checked += slice.length
  }
  return { kind: 'passed', manifest }
}
