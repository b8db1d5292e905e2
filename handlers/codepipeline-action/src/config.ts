import { readEnvironment, wholeNumber } from '@repo/runtime'
import * as z from 'zod/mini'

const environment = z.object({
  /** Files every release must contain when UserParameters name none (comma-separated). */
  DEFAULT_REQUIRED_FILES: z._default(z.string(), ''),
  /** Refuse artifacts above this size: the whole zip is held in memory. */
  MAX_ARTIFACT_BYTES: z._default(
    wholeNumber({ min: 1, max: 2 ** 31 - 1, unit: 'bytes' }),
    100 * 1024 * 1024,
  ),
  /** Checksums verified per invocation before handing over through a continuation token. */
  MAX_CHECKS_PER_INVOCATION: z._default(wholeNumber({ min: 1, max: 1_000_000 }), 10_000),
  /** Stop and report "in progress" when less time than this is left, so we always report. */
  REPORT_MARGIN_MS: z._default(wholeNumber({ min: 1, max: 900_000, unit: 'ms' }), 10_000),
})

export interface Config {
  defaultRequiredFiles: string[]
  maxArtifactBytes: number
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
    maxChecksPerInvocation: vars.MAX_CHECKS_PER_INVOCATION,
    reportMarginMs: vars.REPORT_MARGIN_MS,
  })
}
