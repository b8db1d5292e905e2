import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HANDLER_BUILD_OPTIONS } from '../src/cold-start/build-options.ts'
import { coldStartEnvironment } from '../src/cold-start/environments.ts'
import { findHandlers } from '../src/cold-start/handlers.ts'
import { timeImport } from '../src/cold-start/init-time.ts'

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))
const handlers = await findHandlers(repoRoot)
let workDir = ''

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'cold-start-env-'))
})
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true })
})

describe('the dummy cold-start environment', () => {
  // Built here rather than read from dist/, so the test needs no prior `npm run build`.
  it.each(handlers)('lets $name start (its config accepts it)', async ({ name, dir }) => {
    const outfile = join(workDir, name, 'index.mjs')
    await build({
      ...HANDLER_BUILD_OPTIONS,
      entryPoints: ['src/index.ts'],
      absWorkingDir: dir,
      outfile,
      logLevel: 'silent',
    })
    // timeImport rejects unless the bundle initialises and exports a handler (init-time.test.ts).
    await expect(timeImport(outfile, coldStartEnvironment(name))).resolves.toBeTypeOf('number')
  })

  it('is what makes it start: without it a handler refuses to', async () => {
    const { name, dir } = handlers.find((h) => h.name === 'sns-fanout') ?? {}
    if (!name || !dir) throw new Error('handlers/sns-fanout not found')
    const outfile = join(workDir, 'bare-env', 'index.mjs')
    await build({
      ...HANDLER_BUILD_OPTIONS,
      entryPoints: ['src/index.ts'],
      absWorkingDir: dir,
      outfile,
      logLevel: 'silent',
    })
    await expect(timeImport(outfile, { AWS_REGION: 'us-east-1' })).rejects.toThrow(/ROUTES/)
  })
})
