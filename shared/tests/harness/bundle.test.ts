import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { importIsolatedBundle } from '../../src/harness/index.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const writeBundle = async (source: string) => {
  const dist = await mkdtemp(join(tmpdir(), 'dist-'))
  cleanups.push(() => rm(dist, { recursive: true, force: true }))
  await writeFile(join(dist, 'index.mjs'), source)
  await writeFile(join(dist, 'index.mjs.map'), '{}')
  return join(dist, 'index.mjs')
}

describe('importIsolatedBundle', () => {
  it('imports a self-contained bundle from a copy, with its neighbours', async () => {
    const file = await writeBundle(
      "import { existsSync } from 'node:fs'\n" +
        'export const handler = async (e) => ({ echoed: e, hasMap: existsSync(new URL("./index.mjs.map", import.meta.url)) })',
    )
    const bundle = await importIsolatedBundle<{ handler: (e: unknown) => Promise<unknown> }>(file)
    cleanups.push(bundle.remove)
    expect(bundle.dir).not.toContain('node_modules')
    await expect(bundle.module.handler(1)).resolves.toEqual({ echoed: 1, hasMap: true })
  })

  it('fails as Lambda would when the bundle left a package external', async () => {
    const file = await writeBundle("import 'vitest'\nexport const handler = () => 1")
    const parent = await mkdtemp(join(tmpdir(), 'bundle-parent-'))
    cleanups.push(() => rm(parent, { recursive: true, force: true }))
    await expect(importIsolatedBundle(file, parent)).rejects.toThrow(/Cannot find package 'vitest'/)
    expect(await readdir(parent)).toEqual([]) // the failed copy is removed
  })
})
