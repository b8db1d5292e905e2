import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { handlerAnatomyProblems, handlerVariant } from '@repo/repo-checks'
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

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' }
const bin = (tool: string) => join(repoRoot, 'node_modules', '.bin', tool)
const run = (tool: string, args: string[], cwd: string) =>
  execFileSync(bin(tool), args, { cwd, encoding: 'utf8', env, stdio: 'pipe' })
/** `npm run <script>` in the generated folder, as a copier would type it. */
const npmRun = (script: string, cwd: string) =>
  execFileSync('npm', ['run', '-s', script], { cwd, encoding: 'utf8', env, stdio: 'pipe' })
/** The same generator `npx turbo gen handler --args <name> <trigger>` runs, called without npx. */
const generate = (name: string, trigger: string) =>
  run('gen', ['run', 'handler', '--root', scratchRoot, '--args', name, trigger], scratchRoot)

afterAll(() => rmSync(scratchRoot, { recursive: true, force: true }))

// SLOW (about a minute per handler on 2 cores): each generated handler is linted, type-checked,
// built, tested and synthesized for real, one after the other in the one scratch root. Two
// regional handlers and the Lambda@Edge one (cloudfront: the `edge` anatomy, its own templates).
describe('turbo gen handler (slow: lint, typecheck, build, test and synth of generated handlers)', () => {
  for (const [name, trigger, variant] of [
    ['generated-pipeline', 'codepipeline', 'regional'],
    ['generated-uploads', 's3', 'regional'],
    ['generated-edge', 'cloudfront', 'edge'],
  ] as const) {
    it(`scaffolds a ${trigger} handler with the shared anatomy (${variant}) that passes lint, typecheck, test and synth as generated`, () => {
      generate(name, trigger)
      const folder = join(scratchRoot, 'handlers', name)

      // The check @repo/repo-checks runs on every handlers/* folder of the repository, with the
      // variant its declaration makes it.
      expect(handlerVariant(folder)).toBe(variant)
      expect(handlerAnatomyProblems(folder)).toEqual([])
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))
      expect(manifest.name).toBe(`@repo/${name}`)
      expect(readFileSync(join(folder, 'src/trigger.ts'), 'utf8')).toContain(`type: '${trigger}'`)

      npmRun('lint', folder)
      npmRun('typecheck', folder)
      // The bundle and stack tests read dist/, as turbo's test task builds first.
      npmRun('build', folder)
      const tests = npmRun('test', folder)
      expect(tests).toMatch(/Test Files {2}\d+ passed \(\d+\)/)
      expect(tests).not.toMatch(/failed|skipped/)
      npmRun('synth', folder)
      expect(existsSync(join(folder, 'cdk.out', 'manifest.json'))).toBe(true)
    }, 240_000)
  }

  it('refuses an unknown trigger and writes nothing', () => {
    expect(() => generate('generated-nothing', 'kinesis')).toThrow(
      /did not recognize "kinesis" as a valid list value/,
    )
    expect(existsSync(join(scratchRoot, 'handlers', 'generated-nothing'))).toBe(false)
  }, 60_000)
})
