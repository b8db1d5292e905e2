import { fileURLToPath } from 'node:url'
import { defineConfig, mergeConfig } from 'vitest/config'

/**
 * Every workspace's vitest config starts here, so `.ci/run` can count every test:
 * each workspace writes a JSON report to `reports/vitest.json` (a turbo output,
 * so a cache hit restores it too).
 */
export const sharedVitestConfig = defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Built handler bundles copied to a temp folder (`importIsolatedBundle`) are loaded by Node
    // itself, not transformed, so a package the bundler left out fails as it would on Lambda.
    server: { deps: { external: [/lambda-bundle-/] } },
  },
})

/**
 * A handler workspace's config: the shared one, and every invocation that names no timeout runs
 * under the function's declared timeout (shared/src/harness/declared-timeout.setup.ts).
 */
export const handlerVitestConfig = mergeConfig(sharedVitestConfig, {
  test: {
    setupFiles: [
      // Through the package, not a path beside this file: a generated handler's scratch root
      // has this config but no shared/ folder of its own.
      fileURLToPath(import.meta.resolve('@repo/shared/declared-timeout.setup')),
    ],
  },
})
