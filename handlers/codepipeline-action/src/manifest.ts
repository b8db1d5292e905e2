// The one function we need, not the whole package (its index loads every range and comparator).
import parseSemver from 'semver/functions/parse.js'
import * as z from 'zod/mini'

/** `semver.valid` accepts "v1.2.3" and drops build metadata; a release manifest states it exactly. */
const isExactSemver = (value: string): boolean =>
  parseSemver(value) !== null && /^\d/.test(value) && value.trim() === value

// zod/mini keeps the schemas out of the heavy method-chaining build (cold start).
const manifestSchema = z.object({
  name: z
    .string({ error: 'is required (a string naming the release)' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'must not be empty' }),
      z.maxLength(214, { error: 'is at most 214 characters' }),
    ),
  version: z.string({ error: 'is required (a semantic version such as 1.4.0)' }).check(
    z.refine(isExactSemver, {
      error: (issue) =>
        `"${String(issue.input)}" is not a semantic version (expected MAJOR.MINOR.PATCH such as 1.4.0)`,
    }),
  ),
  /** Optional SHA-256 (hex) per file: the long check, verified across continuations. */
  checksums: z.optional(
    z.record(
      z.string().check(z.minLength(1)),
      z
        .string()
        .check(z.regex(/^[a-fA-F0-9]{64}$/, { error: 'must be a SHA-256 in hex (64 characters)' })),
    ),
  ),
})

export type ReleaseManifest = z.output<typeof manifestSchema>

export type ManifestReading =
  | { ok: true; manifest: ReleaseManifest }
  | { ok: false; problems: string[] }

/** Parses and validates the manifest; every problem is named, with the path it was found at. */
export const readManifest = (path: string, bytes: Uint8Array): ManifestReading => {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (error) {
    return { ok: false, problems: [`${path} is not valid JSON (${(error as Error).message})`] }
  }
  // JSON.parse keeps a "__proto__" key; zod's record drops it from its output, so that file's
  // checksum would never be verified. Refused by name instead.
  const checksums = (json as { checksums?: unknown } | null)?.checksums
  if (
    typeof checksums === 'object' &&
    checksums !== null &&
    Object.hasOwn(checksums, '__proto__')
  ) {
    return {
      ok: false,
      problems: [
        `${path}: checksums.__proto__ names a file "__proto__", which this check cannot verify; rename the file`,
      ],
    }
  }
  const parsed = manifestSchema.safeParse(json)
  if (parsed.success) return { ok: true, manifest: parsed.data }
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) =>
      issue.path.length === 0
        ? `${path} must be a JSON object with name and version`
        : `${path}: ${issue.path.join('.')} ${issue.message}`,
    ),
  }
}
