import type { BuildOptions } from 'esbuild'

/** Lets bundled CommonJS dependencies call `require` inside an ES module (Lambda runs `index.mjs`). */
export const CREATE_REQUIRE_BANNER =
  "import{createRequire}from'node:module';const require=createRequire(import.meta.url);"

/**
 * The options of every handler's `build` script (handlers/<name>/package.json), for esbuild's JS
 * API; tests/build-options.test.ts fails if a script drifts from them.
 */
export const HANDLER_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  banner: { js: CREATE_REQUIRE_BANNER },
} as const satisfies BuildOptions

/** The same options as esbuild CLI flags, as they appear in the handlers' build scripts. */
export const HANDLER_BUILD_FLAGS = [
  '--bundle',
  `--platform=${HANDLER_BUILD_OPTIONS.platform}`,
  `--target=${HANDLER_BUILD_OPTIONS.target}`,
  `--format=${HANDLER_BUILD_OPTIONS.format}`,
  '--minify',
  `--banner:js="${CREATE_REQUIRE_BANNER}"`,
]
