import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { formatValue } from '../markdown.ts'
import type { BenchReport, BenchRow } from '../report.ts'
import { BARE_HANDLER_SOURCE, type SdkImport, sdkOnlySource } from '../sdk-imports.ts'
import { median } from '../stats.ts'
import { analyseHandler, buildBaseline, type HandlerAnalysis } from './bundles.ts'
import { AWS_DUMMY_ENVIRONMENT, coldStartEnvironment } from './environments.ts'
import { findHandlers, type HandlerWorkspace } from './handlers.ts'
import { ColdStartError, timeImport } from './init-time.ts'

export const INIT_RATIO_TARGET = 1.25
export const OWN_CODE_TARGET_BYTES = 40_000

interface Subject {
  handler: HandlerWorkspace
  analysis: HandlerAnalysis
  /** Copies in a temp folder with no node_modules above: nothing resolves outside the bundle. */
  bundle: string
  sdkOnly: string
  sdkOnlyBytes: number
  env: Record<string, string>
  samples: { handler: number[]; sdkOnly: number[] }
}

const kB = (bytes: number) => formatValue(bytes, 'bytes')

const describeImports = (imports: readonly SdkImport[]): string =>
  imports.map(({ specifier, names }) => `${specifier} { ${names.join(', ')} }`).join('; ')

const prepare = async (handler: HandlerWorkspace, workDir: string): Promise<Subject> => {
  const dir = join(workDir, handler.name)
  await mkdir(dir, { recursive: true })
  const bundle = join(dir, 'index.mjs')
  await copyFile(handler.bundle, bundle).catch((error: Error) => {
    throw new ColdStartError(
      `${handler.bundle} is missing (${error.message}); run \`npm run build\` first (turbo's ^build does it for \`npm run bench\`)`,
    )
  })
  const analysis = await analyseHandler(handler.dir)
  const sdkOnly = join(dir, 'sdk-only.mjs')
  await buildBaseline(sdkOnlySource(analysis.sdkImports), handler.dir, sdkOnly)
  return {
    handler,
    analysis,
    bundle,
    sdkOnly,
    sdkOnlyBytes: (await stat(sdkOnly)).size,
    env: coldStartEnvironment(handler.name),
    samples: { handler: [], sdkOnly: [] },
  }
}

const bundleRows = async (subject: Subject): Promise<BenchRow[]> => {
  const { name } = subject.handler
  const { bytes, otherPackages, repoPackages } = subject.analysis.breakdown
  const repo = repoPackages.map((p) => `${p.name} ${kB(p.bytes)}`).join(', ')
  const minified = await readFile(subject.handler.bundle)
  const ownCode = bytes.handler + bytes.repo + bytes.middy
  const others = otherPackages
    .map((p) => `${p.name} ${kB(p.bytes)} via ${p.importedBy.join(' + ')}`)
    .join(', ')
  return [
    {
      label: `${name}: bundle, minified`,
      value: minified.length,
      unit: 'bytes',
      detail:
        `gzip ${kB(gzipSync(minified, { level: 9 }).length)}; ` +
        `AWS SDK ${kB(bytes.awsSdk)}, other ${kB(bytes.other)}${others ? ` (${others})` : ''}`,
    },
    {
      label: `${name}: own code + middleware, minified`,
      value: ownCode,
      unit: 'bytes',
      detail: `handler src ${kB(bytes.handler)}, @repo/* ${kB(bytes.repo)} (${repo}), @middy/* ${kB(bytes.middy)}`,
      target: `< ${kB(OWN_CODE_TARGET_BYTES)}`,
      met: ownCode < OWN_CODE_TARGET_BYTES,
    },
  ]
}

/**
 * The init target is a ratio to the SDK clients the handler must load anyway. A handler that loads
 * no SDK (Lambda@Edge) has nothing to compare with: its row reports the time beside the empty
 * baseline, without a target (its own bench compares it with a bare handler).
 */
const initRow = (subject: Subject, runs: number): BenchRow => {
  const value = median(subject.samples.handler)
  const baseline = median(subject.samples.sdkOnly)
  const ratio = value / baseline
  const row: BenchRow = {
    label: `${subject.handler.name}: module init`,
    value,
    unit: 'ms',
    detail: `median of ${runs} fresh processes; SDK-only bundle ${kB(subject.sdkOnlyBytes)}`,
    baseline: { label: 'SDK clients only', value: baseline },
    ratio,
  }
  if (subject.analysis.sdkImports.length === 0)
    return { ...row, detail: `${row.detail}: loads no AWS SDK, so no ratio target` }
  return { ...row, target: `≤ ${INIT_RATIO_TARGET.toFixed(2)}×`, met: ratio <= INIT_RATIO_TARGET }
}

/**
 * Bundle sizes and module-initialisation time of every handler, beside a do-nothing bundle and
 * a bundle of only the SDK clients that handler uses, all timed in the same interleaved rounds
 * so background load hits each of them alike.
 */
export const measureColdStarts = async (
  repoRoot: string,
  runs: number,
  log: (line: string) => void = console.log,
): Promise<BenchReport> => {
  const workDir = await mkdtemp(join(tmpdir(), 'cold-start-'))
  try {
    const handlers = await findHandlers(repoRoot)
    const subjects: Subject[] = []
    for (const handler of handlers) subjects.push(await prepare(handler, workDir))
    const bare = join(workDir, 'bare.mjs')
    await buildBaseline(BARE_HANDLER_SOURCE, workDir, bare)
    const bareSamples: number[] = []
    for (let round = 0; round < runs; round++) {
      bareSamples.push(await timeImport(bare, { ...AWS_DUMMY_ENVIRONMENT }))
      for (const subject of subjects) {
        // Alternate which goes first, so neither always runs right after the other's page cache.
        const handlerFirst = round % 2 === 0
        if (handlerFirst)
          subject.samples.handler.push(await timeImport(subject.bundle, subject.env))
        subject.samples.sdkOnly.push(await timeImport(subject.sdkOnly, subject.env))
        if (!handlerFirst)
          subject.samples.handler.push(await timeImport(subject.bundle, subject.env))
      }
      log(`cold start: round ${round + 1}/${runs}`)
    }
    const rows: BenchRow[] = [
      {
        label: 'bare handler bundle: module init',
        value: median(bareSamples),
        unit: 'ms',
        detail: `a handler that does nothing; median of ${runs} fresh processes`,
      },
    ]
    for (const subject of subjects)
      rows.push(...(await bundleRows(subject)), initRow(subject, runs))
    return {
      name: 'cold start',
      generatedAt: new Date().toISOString(),
      rows,
      notes: [
        `Module init = time to \`import()\` the bundle in a fresh \`node\` (${process.version}) process with dummy region, credentials and each handler's required variables; Node's own start-up is not included.`,
        'Each bundle is copied to a temp folder first, so nothing resolves from node_modules. Baselines are built with the same esbuild options as the handlers: a bare handler, and one that imports only the SDK bindings the handler imports and constructs each client once.',
        'Bundle bytes by package come from esbuild\'s metafile (`bytesInOutput`, minified); "own code + middleware" = handler src + @repo/* + @middy/*; "AWS SDK" = @aws-sdk/*, @smithy/*, @aws-crypto/* and the packages only they import; "other" names who imports each package.',
        ...subjects.map(
          (s) =>
            `${s.handler.name} SDK-only baseline imports ${describeImports(s.analysis.sdkImports)}.`,
        ),
      ],
    }
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}
