/**
 * Sets environment variables (`undefined` removes one) and returns a function that puts back
 * exactly what was there before, so one test's endpoints never leak into the next file.
 */
export const applyEnv = (env: Record<string, string | undefined>): (() => void) => {
  const previous = new Map<string, string | undefined>()
  for (const [name, value] of Object.entries(env)) {
    previous.set(name, process.env[name])
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}
