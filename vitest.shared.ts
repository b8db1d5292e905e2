import { defineConfig } from 'vitest/config'

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
