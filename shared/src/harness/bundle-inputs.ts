import { fileURLToPath } from 'node:url'
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

/** What a handler's cold-start tests look at: its entry's bundle, grouped the way they ask. */
export interface ColdStartImports {
  /** Every module in the bundle with its minified bytes. */
  inputs: Record<string, number>
  /**
   * Modules that belong to the trigger declaration (`src/trigger.ts`, `@repo/triggers`,
   * `aws-cron-parser`): infra and the local runner read it; a Lambda entry never should.
   */
  declarationFiles: string[]
  /** Modules of one npm package (`zod`, `@middy/core`, ...). */
  packageFiles(name: string): string[]
  /** Minified bytes of one npm package in the bundle. */
  packageBytes(name: string): number
}

const DECLARATION_MODULE = /packages\/triggers\/|node_modules\/aws-cron-parser\/|src\/trigger\.ts$/

/**
 * Bundles a Lambda entry (a path or a `file:` URL) once and answers the questions every
 * handler's `tests/cold-start-imports.test.ts` asks about it.
 */
export const coldStartImports = async (entry: string | URL): Promise<ColdStartImports> => {
  const inputs = await bundleInputs(entry instanceof URL ? fileURLToPath(entry) : entry)
  const paths = Object.keys(inputs)
  const packageFiles = (name: string) =>
    paths.filter((path) => path.includes(`node_modules/${name}/`))
  return {
    inputs,
    declarationFiles: paths.filter((path) => DECLARATION_MODULE.test(path)),
    packageFiles,
    packageBytes: (name) => packageFiles(name).reduce((sum, path) => sum + (inputs[path] ?? 0), 0),
  }
}

// zod/mini with the field schemas of @repo/runtime is ~15 kB; the classic API is ~450 kB.
const ZOD_BUDGET_BYTES = 60 * 1024

/**
 * The rules every handler's Lambda entry keeps, one line per broken rule (`[]` when all hold):
 * the trigger declaration stays out (infra and the local runner read it, a cold start never
 * should), and zod comes in through `zod/mini` only, within its budget.
 */
export const coldStartRuleViolations = ({
  declarationFiles,
  packageFiles,
  packageBytes,
}: ColdStartImports): string[] => {
  const violations: string[] = []
  if (declarationFiles.length > 0)
    violations.push(`reaches the trigger declaration: ${declarationFiles.join(', ')}`)
  const classic = packageFiles('zod').filter((path) => path.includes('/classic/'))
  if (classic.length > 0) violations.push(`loads zod's classic API: ${classic.join(', ')}`)
  if (packageBytes('zod') > ZOD_BUDGET_BYTES)
    violations.push(`bundles ${packageBytes('zod')} bytes of zod (budget ${ZOD_BUDGET_BYTES})`)
  return violations
}
