import { fileURLToPath } from 'node:url'
import { bundleInputs } from '@repo/shared/harness'
import { describe, expect, it } from 'vitest'

/**
 * What Lambda loads at init is the bundle of src/index.ts: anything heavy reachable from it is
 * paid on every cold start. zod's classic API alone added ~450 kB and ~40 ms; the trigger
 * declaration (@repo/triggers, aws-cron-parser) is for infra and the local runner only.
 */
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))

// One bundle for every test in this file (each takes a few hundred ms).
let bundled: Promise<Record<string, number>> | undefined
const bundledInputs = () => {
  bundled ??= bundleInputs(entry)
  return bundled
}

describe('the cold-start import graph of src/index.ts', () => {
  it('uses zod/mini, never the classic API, and stays small', async () => {
    const inputs = await bundledInputs()
    const zodFiles = Object.keys(inputs).filter((path) => path.includes('node_modules/zod/'))
    expect(zodFiles.length).toBeGreaterThan(0)
    expect(zodFiles.filter((path) => path.includes('/classic/'))).toEqual([])
    const zodBytes = zodFiles.reduce((sum, path) => sum + (inputs[path] ?? 0), 0)
    expect(zodBytes).toBeLessThan(60 * 1024)
  })

  it('loads only the semver function it needs, not the whole package', async () => {
    const semverFiles = Object.keys(await bundledInputs()).filter((path) =>
      path.includes('node_modules/semver/'),
    )
    expect(semverFiles).toContainEqual(expect.stringContaining('semver/functions/parse.js'))
    expect(semverFiles.filter((path) => /semver\/(index|ranges\/)/.test(path))).toEqual([])
  })

  it("uses fflate's worker-free build (its Node build loads worker_threads at import)", async () => {
    const fflateFiles = Object.keys(await bundledInputs()).filter((path) =>
      path.includes('node_modules/fflate/'),
    )
    expect(fflateFiles).toEqual([expect.stringMatching(/fflate\/esm\/browser\.js$/)])
  })

  it('does not reach the trigger declaration or its dependencies', async () => {
    const inputs = Object.keys(await bundledInputs())
    expect(inputs.filter((path) => /triggers|aws-cron-parser|src\/trigger\.ts/.test(path))).toEqual(
      [],
    )
  })
})
