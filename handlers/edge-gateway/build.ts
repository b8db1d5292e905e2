// `npm run build` bundles src/index.ts into dist/index.mjs with esbuild's CLI (the flags every
// handler uses) and edge-config.json baked in. This file bakes another configuration file into a
// bundle of the same build, for another environment or a test:
//   npm run build:config -- --config config/prod.json [--outfile dist/index.mjs]
// Lambda@Edge has no environment variables: a value changes with a new build and a new version.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { build, type Plugin } from 'esbuild'

export interface EdgeBuildOptions {
  /** The JSON file to bake in place of edge-config.json. */
  configFile?: string
  outfile?: string
}

const here = import.meta.dirname

/** Resolves the source's `../edge-config.json` import to the chosen file. */
const bakeConfig = (configFile: string): Plugin => ({
  name: 'bake-edge-config',
  setup(context) {
    context.onResolve({ filter: /edge-config\.json$/ }, () => ({ path: resolve(configFile) }))
  },
})

/** The options of the `build` script in package.json (tests/bundle.test.ts keeps them equal). */
export const EDGE_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  banner: {
    js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
  },
} as const

export const buildEdgeBundle = async ({
  configFile = resolve(here, 'edge-config.json'),
  outfile = resolve(here, 'dist/index.mjs'),
}: EdgeBuildOptions = {}): Promise<void> => {
  await build({
    entryPoints: [resolve(here, 'src/index.ts')],
    ...EDGE_BUILD_OPTIONS,
    // No source map: it would count against the 1 MB viewer package limit, and without
    // environment variables NODE_OPTIONS=--enable-source-maps cannot be set at the edge anyway.
    sourcemap: false,
    outfile,
    plugins: [bakeConfig(configFile)],
    logLevel: 'warning',
  })
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, outfile: { type: 'string' } },
  })
  await buildEdgeBundle({
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    ...(values.outfile !== undefined ? { outfile: values.outfile } : {}),
  })
}
