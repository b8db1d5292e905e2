import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bundleInputs, coldStartImports, coldStartRuleViolations } from '../../src/harness/index.ts'

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

describe('coldStartImports', () => {
  it('groups the bundle of an entry by package and finds declaration modules', async () => {
    const imports = await coldStartImports(
      new URL('../../../packages/triggers/src/index.ts', import.meta.url),
    )
    expect(imports.declarationFiles.length).toBeGreaterThan(1)
    expect(imports.declarationFiles.every((path) => /triggers|aws-cron-parser/.test(path))).toBe(
      true,
    )
    const zodFiles = imports.packageFiles('zod')
    expect(zodFiles.length).toBeGreaterThan(0)
    expect(zodFiles.every((path) => path.includes('node_modules/zod/'))).toBe(true)
    expect(imports.packageBytes('zod')).toBe(
      zodFiles.reduce((sum, path) => sum + (imports.inputs[path] ?? 0), 0),
    )
    expect(imports.packageBytes('no-such-package')).toBe(0)
  })

  it('finds no declaration modules in an entry that does not import one', async () => {
    const imports = await coldStartImports(new URL('../../src/harness/env.ts', import.meta.url))
    expect(imports.declarationFiles).toEqual([])
  })
})

describe('coldStartRuleViolations', () => {
  it('names the declaration modules and the classic zod an entry reaches', async () => {
    const violations = coldStartRuleViolations(
      await coldStartImports(new URL('../../../packages/triggers/src/index.ts', import.meta.url)),
    )
    expect(violations).toEqual([
      expect.stringMatching(
        /^reaches the trigger declaration: .*packages\/triggers\/src\/index\.ts/,
      ),
      expect.stringMatching(/^loads zod's classic API: .*node_modules\/zod\/v4\/classic\//),
      expect.stringMatching(/^bundles \d+ bytes of zod \(budget 61440\)$/),
    ])
  })

  it('finds nothing to say about an entry that keeps the rules', async () => {
    const imports = await coldStartImports(new URL('../../src/harness/env.ts', import.meta.url))
    expect(coldStartRuleViolations(imports)).toEqual([])
  })
})
