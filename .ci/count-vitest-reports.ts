// Sums vitest JSON reports across workspaces and prints the closing line CI reads.
// A workspace with a `test` script but no report counts as one failure: its suite never finished.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface VitestJsonReport {
  numPassedTests: number
  numFailedTests: number
  numPendingTests?: number
  numTodoTests?: number
}

const rootManifest = JSON.parse(readFileSync('package.json', 'utf8')) as { workspaces: string[] }
const workspaceDirs = rootManifest.workspaces.flatMap((pattern) => {
  if (!pattern.endsWith('/*')) return [pattern]
  const parent = pattern.slice(0, -2)
  if (!existsSync(parent)) return []
  return readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(parent, entry.name))
})

let passed = 0
let failed = 0
let skipped = 0
for (const dir of workspaceDirs) {
  const manifestPath = join(dir, 'package.json')
  if (!existsSync(manifestPath)) continue
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { scripts?: Record<string, string> }
  if (!manifest.scripts?.test) continue
  const reportPath = join(dir, 'reports', 'vitest.json')
  if (!existsSync(reportPath)) {
    console.log(`${dir}: no vitest report (its tests did not run to the end)`)
    failed += 1
    continue
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as VitestJsonReport
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
  console.log(`${dir}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`)
}

if (passed + failed === 0) failed = 1 // a run that executed no test proves nothing
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 ? 1 : 0)
