import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * Stryker's config (`npm run mutation`): it runs the tests in a sandbox copy of this package, so
 * the package's own imports (`@repo/idempotency`, which node_modules links to the unmutated
 * source) must point at the sandbox's mutated `src/`, and nothing may import from outside the
 * package by relative path (the shared config lives two levels up).
 */
const local = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

// The package's tsconfig extends ../../tsconfig.base.json, which the sandbox (two levels deeper)
// cannot reach: hand the transformer the repository's base config by absolute path instead.
const repositoryTsconfig = (from: string): string => {
  const candidate = join(from, 'tsconfig.base.json')
  if (existsSync(candidate)) return candidate
  const parent = dirname(from)
  if (parent === from) throw new Error('tsconfig.base.json not found above the Stryker sandbox')
  return repositoryTsconfig(parent)
}

export default defineConfig({
  tsconfig: repositoryTsconfig(local('.')),
  resolve: {
    alias: [
      { find: /^@repo\/idempotency$/, replacement: local('./src/index.ts') },
      { find: /^@repo\/idempotency\/keys$/, replacement: local('./src/keys/index.ts') },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Instrumented code (every mutant behind a switch, coverage per test) runs several times slower.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
})
