// zod/mini, not zod: the same validation and messages without bundling the whole
// method-chaining API (about 450 kB minified) into every cold start.
import * as z from 'zod/mini'
import { ConfigError } from './errors.ts'

const positiveInt = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback)

const environmentSchema = z.object({
  /** Files every release must contain when UserParameters name none (comma-separated). */
  DEFAULT_REQUIRED_FILES: z._default(z.string(), ''),
  /** Refuse artifacts above this size: the whole zip is held in memory. */
  MAX_ARTIFACT_BYTES: positiveInt(100 * 1024 * 1024),
  /** Checksums verified per invocation before handing over through a continuation token. */
  MAX_CHECKS_PER_INVOCATION: positiveInt(10_000),
  /** Stop and report "in progress" when less time than this is left, so we always report. */
  REPORT_MARGIN_MS: positiveInt(10_000),
})

export interface Config {
  defaultRequiredFiles: string[]
  maxArtifactBytes: number
  maxChecksPerInvocation: number
  reportMarginMs: number
}

/** Reads the environment once, at cold start; names every missing or invalid variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = environmentSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`)
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}.`)
  }
  const value = parsed.data
  return {
    defaultRequiredFiles: value.DEFAULT_REQUIRED_FILES.split(',')
      .map((file) => file.trim())
      .filter((file) => file.length > 0),
    maxArtifactBytes: value.MAX_ARTIFACT_BYTES,
    maxChecksPerInvocation: value.MAX_CHECKS_PER_INVOCATION,
    reportMarginMs: value.REPORT_MARGIN_MS,
  }
}
