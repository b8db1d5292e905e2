import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { type BenchReport, BenchReportError, parseBenchReport } from './report.ts'

/** `shared` is a workspace itself; the others sit one level down. */
const WORKSPACE_PARENTS = ['packages', 'handlers']

/** Where a workspace's bench writes its numbers. */
export const BENCH_REPORT_PATH = 'reports/bench.json'

/**
 * Every other workspace's `reports/bench.json`, written by the `bench` tasks turbo ran just
 * before this one (`^bench`). A report older than `notBefore` came from an earlier run: that is an
 * error rather than a stale number in the table.
 */
export const collectWorkspaceReports = async (
  repoRoot: string,
  notBefore: Date,
  except: string,
): Promise<BenchReport[]> => {
  const workspaces = [join(repoRoot, 'shared')]
  for (const parent of WORKSPACE_PARENTS) {
    const entries = await readdir(join(repoRoot, parent), { withFileTypes: true })
    for (const entry of entries.filter((e) => e.isDirectory()))
      workspaces.push(join(repoRoot, parent, entry.name))
  }
  const reports: BenchReport[] = []
  for (const dir of workspaces.sort()) {
    const file = join(dir, BENCH_REPORT_PATH)
    if (dir === except || !existsSync(file)) continue
    const source = relative(repoRoot, file)
    const report = parseBenchReport(JSON.parse(await readFile(file, 'utf8')), source)
    if (Date.parse(report.generatedAt) < notBefore.getTime())
      throw new BenchReportError(
        `${source} is from ${report.generatedAt}, before this run started: its bench did not run. Run \`npm run bench\` from the repository root.`,
      )
    reports.push(report)
  }
  return reports
}
