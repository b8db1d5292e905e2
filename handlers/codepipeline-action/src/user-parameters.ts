// zod/mini keeps this schema out of the heavy method-chaining build (cold start).
import * as z from 'zod/mini'
import { JobRejectedError } from './errors.ts'

const nonEmptyString = () => z.string().check(z.minLength(1))

const userParametersSchema = z.strictObject({
  /** Paths that must be in the zip; replaces DEFAULT_REQUIRED_FILES. */
  requiredFiles: z.optional(z.array(nonEmptyString())),
  /** Where the manifest sits in the zip. */
  manifestPath: z._default(nonEmptyString(), 'release.json'),
  /** Which input artifact to check when the action has several (default: the first). */
  inputArtifact: z.optional(nonEmptyString()),
})

export type UserParameters = z.output<typeof userParametersSchema>

/** The action's UserParameters: optional JSON. Bad JSON is the pipeline's configuration error. */
export const parseUserParameters = (raw: string | undefined): UserParameters => {
  let json: unknown = {}
  if (raw !== undefined && raw.trim() !== '') {
    try {
      json = JSON.parse(raw)
    } catch {
      throw new JobRejectedError(
        'ConfigurationError',
        'UserParameters is not valid JSON. Expected e.g. {"requiredFiles":["dist/index.js"]}.',
      )
    }
  }
  const parsed = userParametersSchema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'UserParameters'}: ${issue.message}`,
    )
    throw new JobRejectedError(
      'ConfigurationError',
      `UserParameters is invalid: ${problems.join('; ')}. Allowed keys: requiredFiles, manifestPath, inputArtifact.`,
    )
  }
  return parsed.data
}
