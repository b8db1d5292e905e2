import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '../../..')
// A throwaway name, so a crashed run is recognisable and never collides with a real handler.
const name = `gen-tmp-${process.pid}`
const folder = join(repoRoot, 'handlers', name)
const bin = (tool: string) => join(repoRoot, 'node_modules', '.bin', tool)
const run = (tool: string, args: string[], cwd: string) =>
  execFileSync(bin(tool), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
  })

afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('turbo gen handler', () => {
  it('scaffolds a workspace that passes its own lint, typecheck and tests as generated', () => {
    // The same generator `npx turbo gen handler --args <name> sns` runs, called without npx.
    run('gen', ['run', 'handler', '--args', name, 'sns'], repoRoot)
    for (const file of [
      'src/trigger.ts',
      'src/handler.ts',
      'src/index.ts',
      'tests/handler.test.ts',
      'README.md',
      'infra/stack.ts',
    ])
      expect(existsSync(join(folder, file)), file).toBe(true)
    expect(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).name).toBe(
      `@repo/${name}`,
    )
    expect(readFileSync(join(folder, 'src/trigger.ts'), 'utf8')).toContain("type: 'sns'")

    run('biome', ['check', '.'], folder)
    run('tsc', ['-p', '.'], folder)
    const tests = run('vitest', ['run', '--reporter=dot'], folder)
    expect(tests).toMatch(/2 passed/)
  }, 60_000)
})
