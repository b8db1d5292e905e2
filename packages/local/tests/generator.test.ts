import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '../../..')
/**
 * The generator writes into a scratch monorepo root (the repo's root config files, its
 * generators, and a link to its node_modules), never into the real handlers/: suites running
 * beside this one (the local runner, the benches) list handlers/* and must not see a half-made one.
 */
const scratchRoot = mkdtempSync(join(tmpdir(), 'gen-root-'))
for (const file of [
  'package.json',
  'turbo.json',
  'tsconfig.base.json',
  'biome.json',
  'vitest.shared.ts',
])
  cpSync(join(repoRoot, file), join(scratchRoot, file))
cpSync(join(repoRoot, 'turbo'), join(scratchRoot, 'turbo'), { recursive: true })
symlinkSync(join(repoRoot, 'node_modules'), join(scratchRoot, 'node_modules'))
// Biome reads .gitignore through git, as in the real repo.
cpSync(join(repoRoot, '.gitignore'), join(scratchRoot, '.gitignore'))
execFileSync('git', ['init', '-q'], { cwd: scratchRoot })
const name = 'generated-handler'
const folder = join(scratchRoot, 'handlers', name)
const bin = (tool: string) => join(repoRoot, 'node_modules', '.bin', tool)
const run = (tool: string, args: string[], cwd: string) =>
  execFileSync(bin(tool), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
  })

afterAll(() => rmSync(scratchRoot, { recursive: true, force: true }))

describe('turbo gen handler', () => {
  it('scaffolds a workspace that passes its own lint, typecheck and tests as generated', () => {
    // The same generator `npx turbo gen handler --args <name> sns` runs, called without npx.
    run('gen', ['run', 'handler', '--root', scratchRoot, '--args', name, 'sns'], scratchRoot)
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
