import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'
import { type BundleBreakdown, groupBundleBytes, packageOf } from '../metafile-groups.ts'
import { mergeSdkImports, parseSdkImports, type SdkImport } from '../sdk-imports.ts'
import { HANDLER_BUILD_OPTIONS } from './build-options.ts'

export interface HandlerAnalysis {
  breakdown: BundleBreakdown
  /** What the handler and its workspace packages import from `@aws-sdk/*`. */
  sdkImports: SdkImport[]
}

/**
 * Rebuilds the handler as its build script does, in memory and with a metafile, to see which
 * package each minified byte comes from and which SDK bindings its own code imports.
 */
export const analyseHandler = async (handlerDir: string): Promise<HandlerAnalysis> => {
  const result = await build({
    ...HANDLER_BUILD_OPTIONS,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.mjs',
    absWorkingDir: handlerDir,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const firstParty = Object.entries(result.metafile.inputs).filter(
    ([path, input]) =>
      packageOf(path) === undefined &&
      input.imports.some(
        (i) => i.original?.startsWith('@aws-sdk/') && i.kind === 'import-statement',
      ),
  )
  const sdkImports: SdkImport[] = []
  for (const [path] of firstParty)
    sdkImports.push(...parseSdkImports(await readFile(join(handlerDir, path), 'utf8')))
  return { breakdown: groupBundleBytes(result.metafile), sdkImports: mergeSdkImports(sdkImports) }
}

/**
 * Bundles a baseline from source text with the handlers' options. `resolveDir` is the handler's
 * folder, so the baseline gets the very same SDK versions the handler bundles.
 */
export const buildBaseline = async (
  source: string,
  resolveDir: string,
  outfile: string,
): Promise<void> => {
  await build({
    ...HANDLER_BUILD_OPTIONS,
    stdin: { contents: source, resolveDir, sourcefile: 'baseline.ts', loader: 'ts' },
    outfile,
    logLevel: 'silent',
  })
}
