// fflate's Node build loads worker_threads at import for its async API; we only unzip
// synchronously, so the (otherwise identical) worker-free build keeps it out of the cold start.
import { type UnzipFileFilter, unzipSync } from 'fflate/browser'
import { JobRejectedError } from './errors.ts'

export interface ReleaseZip {
  /** Every file path in the archive (directories excluded). */
  files: ReadonlySet<string>
  /** Decompresses only the files asked for: a release zip can be large. */
  read(paths: Iterable<string>): Map<string, Uint8Array>
}

/**
 * Opens the artifact with fflate. Listing reads the central directory only; entries above
 * `maxEntryBytes` uncompressed are refused before inflating (zip bombs).
 */
export const openReleaseZip = (bytes: Uint8Array, maxEntryBytes: number): ReleaseZip => {
  const files = new Set<string>()
  unzipOrReject(bytes, (file) => {
    if (!file.name.endsWith('/')) files.add(file.name)
    return false
  })
  return {
    files,
    read: (paths) => {
      const wanted = new Set(paths)
      return new Map(
        Object.entries(
          unzipOrReject(bytes, (file) => {
            if (!wanted.has(file.name)) return false
            if (file.originalSize > maxEntryBytes) {
              throw new JobRejectedError(
                'JobFailed',
                `${file.name} inflates to ${file.originalSize} bytes, above the ${maxEntryBytes}-byte limit (MAX_ARTIFACT_BYTES).`,
              )
            }
            return true
          }),
        ),
      )
    },
  }
}

const unzipOrReject = (bytes: Uint8Array, filter: UnzipFileFilter) => {
  try {
    return unzipSync(bytes, { filter })
  } catch (error) {
    if (error instanceof JobRejectedError) throw error
    throw new JobRejectedError(
      'JobFailed',
      `The input artifact is not a readable zip (${(error as Error).message}). Check the build stage's output artifact.`,
    )
  }
}
