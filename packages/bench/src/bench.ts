/**
 * `npm run bench` at the root runs this last (turbo: `^bench`, `^build`): it collects the
 * numbers the other workspaces' benches just wrote, measures cold starts and turbo itself, and
 * writes bench/RESULTS.md. It reports; it never fails on a number.
 *
 *   node src/bench.ts            everything
 *   BENCH_SKIP_TURBO=1 node src/bench.ts     without the two `npm test` runs (minutes)
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { measureColdStarts } from './cold-start/cold-start.ts'
import { collectWorkspaceReports } from './collect.ts'
import { describeMachine } from './machine.ts'
import { renderResults, renderTable } from './markdown.ts'
import type { BenchReport } from './report.ts'
import { measureTurbo } from './turbo-timing.ts'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = join(packageDir, '../..')
const resultsFile = join(repoRoot, 'bench/RESULTS.md')
// Numbers measured outside this run (the mutation score takes 20 minutes), written by hand as
// whole sections: kept in their own files, so RESULTS.md itself is only ever written here.
const sectionsDir = join(repoRoot, 'bench/sections')
const COLD_START_RUNS = Number(process.env.BENCH_COLD_START_RUNS ?? 21)

// Benches started more than a day ago are not part of this run.
const notBefore = new Date(Date.now() - Number(process.env.BENCH_MAX_AGE_HOURS ?? 24) * 3_600_000)

// Read first: the turbo runs below restore `reports/**` from the cache.
const workspaceReports = await collectWorkspaceReports(
  repoRoot,
  notBefore,
  packageDir.replace(/\/$/, ''),
)
const coldStart = await measureColdStarts(repoRoot, COLD_START_RUNS)
const turbo: BenchReport[] = process.env.BENCH_SKIP_TURBO ? [] : [await measureTurbo(repoRoot)]

const reports = [coldStart, ...workspaceReports, ...turbo]
await mkdir(dirname(resultsFile), { recursive: true })
const sections = await Promise.all(
  (await readdir(sectionsDir).catch(() => []))
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => readFile(join(sectionsDir, file), 'utf8')),
)
await writeFile(resultsFile, renderResults(describeMachine(), reports, sections))
console.log(renderTable(reports))
console.log(`\nwritten to ${relative(process.cwd(), resultsFile)}`)
