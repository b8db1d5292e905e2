import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { HANDLER_BUILD_FLAGS } from '../src/cold-start/build-options.ts'
import { findHandlers } from '../src/cold-start/handlers.ts'

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))
const handlers = await findHandlers(repoRoot)

describe('the baselines are built like the handlers', () => {
  it('finds every handler that has a build script', () => {
    expect(handlers.map((h) => h.name)).toContain('s3-objects')
    expect(handlers.length).toBeGreaterThanOrEqual(6)
  })

  it.each(handlers)(
    '$name build script uses the options the bench rebuilds with',
    async ({ dir }) => {
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
        scripts: { build: string }
      }
      // JSON un-escapes the quotes around the banner, so the script reads as the shell sees it.
      for (const flag of HANDLER_BUILD_FLAGS) expect(manifest.scripts.build).toContain(flag)
    },
  )
})
