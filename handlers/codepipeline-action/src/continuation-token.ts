// zod/mini keeps this schema out of the heavy method-chaining build (cold start).
import * as z from 'zod/mini'
import { JobRejectedError } from './errors.ts'

/**
 * What one invocation hands the next: which artifact it was checking (by hash, so a changed
 * artifact is caught) and how far it got. CodePipeline caps the token at 2048 characters.
 */
const tokenSchema = z.strictObject({
  v: z.literal(1),
  sha256: z.string().check(z.regex(/^[a-f0-9]{64}$/)),
  next: z.number().check(z.int(), z.nonnegative()),
})

export type CheckProgress = z.output<typeof tokenSchema>

const prefix = 'release-check.'

export const encodeContinuationToken = (progress: CheckProgress): string =>
  prefix + Buffer.from(JSON.stringify(progress)).toString('base64url')

export const decodeContinuationToken = (token: string): CheckProgress => {
  const parsed = token.startsWith(prefix)
    ? tokenSchema.safeParse(safeJson(Buffer.from(token.slice(prefix.length), 'base64url')))
    : undefined
  if (!parsed?.success) {
    throw new JobRejectedError(
      'JobFailed',
      'The continuation token is not one this function issued; retry the pipeline stage.',
    )
  }
  return parsed.data
}

const safeJson = (bytes: Buffer): unknown => {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    return undefined
  }
}
