import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchReport, BenchRow } from './report.ts'
import { parseTurboSummary, type TurboSummary } from './turbo-summary.ts'

/**
 * The turbo arguments of the root `npm test` script (`turbo run lint typecheck test
 * --concurrency=4`), read from package.json so the bench times exactly what users run. Run
 * directly rather than through npm: this runs inside `turbo run bench` and must not recurse.
 * `--continue` so one failing task does not cut the cold timing short (the row says it failed).
 */
export const testTasks = (repoRoot: string): string[] => {
  const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
  const words = (scripts.test ?? '').split(/\s+/)
  const turbo = words.indexOf('turbo')
  if (turbo === -1) throw new Error('the root test script does not run turbo')
  return [...words.slice(turbo + 1), '--continue', '--no-color']
}

interface TurboRun {
  seconds: number
  exitCode: number
  summary: TurboSummary | undefined
}

/** The parent turbo's own variables (task hash, log prefixes...) must not steer the child run. */
const childEnvironment = (): NodeJS.ProcessEnv => {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('TURBO_')),
  )
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' }
}

const runTurbo = async (repoRoot: string, extraArgs: string[]): Promise<TurboRun> => {
  const started = performance.now()
  const child = spawn(
    join(repoRoot, 'node_modules/.bin/turbo'),
    [...testTasks(repoRoot), ...extraArgs],
    {
      cwd: repoRoot,
      env: childEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const [code] = (await once(child, 'close')) as [number | null]
  const seconds = (performance.now() - started) / 1000
  if (code !== 0) console.error(output.trim().split('\n').slice(-30).join('\n'))
  return { seconds, exitCode: code ?? 1, summary: parseTurboSummary(output) }
}

const cachedDetail = (run: TurboRun): string => {
  const tasks = run.summary
    ? `${run.summary.cached}/${run.summary.total} tasks cached`
    : 'no summary'
  return run.exitCode === 0 ? tasks : `${tasks}; FAILED with exit ${run.exitCode}`
}

/** `npm test` cold (`--force`, nothing read from the cache) and then again with nothing changed. */
export const measureTurbo = async (repoRoot: string): Promise<BenchReport> => {
  const cold = await runTurbo(repoRoot, ['--force'])
  const warm = await runTurbo(repoRoot, [])
  // Another edit between the runs (a new workspace, a changed turbo.json) changes the task graph.
  const graphChanged = cold.summary?.total !== warm.summary?.total
  const fullHit =
    warm.exitCode === 0 && warm.summary !== undefined && warm.summary.cached === warm.summary.total
  const rows: BenchRow[] = [
    {
      label: 'npm test, cold (its turbo run, with --force)',
      value: cold.seconds,
      unit: 's',
      detail: cachedDetail(cold),
    },
    {
      label: 'npm test, second run with nothing changed',
      value: warm.seconds,
      unit: 's',
      detail: graphChanged
        ? `${cachedDetail(warm)}; the repository changed between the runs (${cold.summary?.total} → ${warm.summary?.total} tasks)`
        : cachedDetail(warm),
      baseline: { label: 'cold', value: cold.seconds },
      ratio: warm.seconds / cold.seconds,
      target: 'full cache hit',
      met: fullHit,
    },
  ]
  return {
    name: 'turbo',
    generatedAt: new Date().toISOString(),
    rows,
    notes: [
      'Both runs are spawned by the bench with TURBO_TELEMETRY_DISABLED=1 and `--continue`; the cold run still writes the cache the second run reads.',
    ],
  }
}
