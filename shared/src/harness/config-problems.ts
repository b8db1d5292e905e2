import { ConfigError } from '@repo/runtime'

/**
 * The problems a config loader reports, one line per bad variable (`[]` when it loads). Any
 * error other than a ConfigError is rethrown: a loader must never fail any other way.
 */
export const configProblems = (load: () => unknown): readonly string[] => {
  try {
    load()
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}
