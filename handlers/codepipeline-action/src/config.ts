import { readEnvironment, wholeNumber } from '@repo/runtime'
import * as z from 'zod/mini'

// Why these numbers: "Limits and refusals" in the README.
/** The largest file a release may hold: the default artifact limit, as before the split. */
export const DEFAULT_MAX_ENTRY_BYTES = 100 * 1024 * 1024
/** Lambda's own quota for an unzipped deployment package: a release that inflates past it is not one. */
export const DEFAULT_MAX_INFLATED_BYTES = 262_144_000

const environment = z.object({
  /** Files every release must contain when UserParameters name none (comma-separated). */
  DEFAULT_REQUIRED_FILES: z._default(z.string(), ''),
  /** Refuse artifacts above this size: the whole zip (compressed) is held in memory. */
  MAX_ARTIFACT_BYTES: z._default(
    wholeNumber({ min: 1, max: 2 ** 31 - 1, unit: 'bytes' }),
    100 * 1024 * 1024,
  ),
  /** Largest inflated size of one file in the zip (declared, and enforced while inflating). */
  MAX_ENTRY_BYTES: z._default(
    wholeNumber({ min: 1, max: 2 ** 40, unit: 'bytes' }),
    DEFAULT_MAX_ENTRY_BYTES,
  ),
  /** Largest inflated total one invocation reads from the zip. */
  MAX_INFLATED_BYTES: z._default(
    wholeNumber({ min: 1, max: 2 ** 40, unit: 'bytes' }),
    DEFAULT_MAX_INFLATED_BYTES,
  ),
  /** Checksums verified per invocation before handing over through a continuation token. */
  MAX_CHECKS_PER_INVOCATION: z._default(wholeNumber({ min: 1, max: 1_000_000 }), 10_000),
  /** Stop and report "in progress" when less time than this is left, so we always report. */
  REPORT_MARGIN_MS: z._default(wholeNumber({ min: 1, max: 900_000, unit: 'ms' }), 10_000),
})

export interface Config {
  defaultRequiredFiles: string[]
  maxArtifactBytes: number
  maxEntryBytes: number
  maxInflatedBytes: number
  maxChecksPerInvocation: number
  reportMarginMs: number
}

/** Reads the environment once, at cold start; one ConfigError names every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<Config> => {
  const vars = readEnvironment(environment, env, { subject: 'codepipeline-action' })
  return Object.freeze({
    defaultRequiredFiles: vars.DEFAULT_REQUIRED_FILES.split(',')
      .map((file) => file.trim())
      .filter((file) => file.length > 0),
    maxArtifactBytes: vars.MAX_ARTIFACT_BYTES,
    maxEntryBytes: vars.MAX_ENTRY_BYTES,
    maxInflatedBytes: vars.MAX_INFLATED_BYTES,
    maxChecksPerInvocation: vars.MAX_CHECKS_PER_INVOCATION,
    reportMarginMs: vars.REPORT_MARGIN_MS,
  })
}
