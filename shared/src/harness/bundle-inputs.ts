import { build } from 'esbuild'

/**
 * The modules a Lambda entry pulls in at init, with their minified bytes, from esbuild's
 * metafile (same target as the handlers' build; nothing written). A cold-start test asserts on
 * it: whatever is reachable from `src/index.ts` is paid on every cold start.
 */
export const bundleInputs = async (entry: string): Promise<Record<string, number>> => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const [output] = Object.values(result.metafile.outputs)
  if (output === undefined) throw new Error(`esbuild produced no output for ${entry}`)
  return Object.fromEntries(
    Object.entries(output.inputs).map(([path, input]) => [path, input.bytesInOutput]),
  )
}
