import { OutOfTimeError } from './errors.ts'
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

/**
 * The release check. The quick part (manifest, required files) runs on every invocation, so
 * a continuation never trusts the previous one's memory; the long part (checksums) resumes
 * at `resumeAt` and pauses when the budget runs out. Each file is hashed as it inflates.
 */
export const checkRelease = async (
  zip: ReleaseZip,
  options: CheckOptions,
): Promise<CheckOutcome> => {
  const { manifestPath } = options
  if (!zip.files.has(manifestPath)) {
    return { kind: 'failed', problems: [`${manifestPath} is missing from the artifact`] }
  }
  const reading = readManifest(manifestPath, await zip.readBytes(manifestPath))
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

  const mismatches: string[] = []
  const outcome = (next: number): CheckOutcome =>
    mismatches.length > 0
      ? { kind: 'failed', problems: mismatches.map((path) => `checksum mismatch for ${path}`) }
      : { kind: 'paused', next, total: checksums.length }

  let next = options.resumeAt
  let checked = 0
  for (; next < checksums.length; next++) {
    // Always verify at least one file, so a continuation chain cannot stall at zero progress.
    if (checked > 0 && (checked >= options.maxChecks || !options.hasTimeLeft())) {
      return outcome(next)
    }
    const [path, expected] = checksums[next] as [string, string]
    let actual: string
    try {
      actual = await zip.sha256(path)
    } catch (error) {
      // Out of time inside one file: hand over at that file, if any progress was made.
      if (error instanceof OutOfTimeError && checked > 0) return outcome(next)
      throw error
    }
    if (actual !== expected.toLowerCase()) mismatches.push(path)
    checked++
  }
  return mismatches.length > 0 ? outcome(next) : { kind: 'passed', manifest }
}
