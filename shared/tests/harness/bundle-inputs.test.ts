import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bundleInputs } from '../../src/harness/index.ts'

describe('bundleInputs', () => {
  it('lists the modules reachable from an entry with their minified bytes', async () => {
    const inputs = await bundleInputs(
      fileURLToPath(new URL('../../src/harness/env.ts', import.meta.url)),
    )
    const paths = Object.keys(inputs)
    expect(paths).toEqual([expect.stringMatching(/src\/harness\/env\.ts$/)])
    expect(Object.values(inputs)[0]).toBeGreaterThan(0)
  })
})
