import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ColdStartError, timeImport } from '../src/cold-start/init-time.ts'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'init-time-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const moduleFile = async (name: string, source: string) => {
  const file = join(dir, name)
  await writeFile(file, source)
  return file
}

describe('timeImport', () => {
  it('times the import of a module that exports a handler function, in the environment given', async () => {
    const file = await moduleFile(
      'ok.mjs',
      "if (process.env.GREETING !== 'hi') throw new Error('env not passed')\nexport const handler = async () => 'ok'\n",
    )
    await expect(timeImport(file, { GREETING: 'hi' })).resolves.toBeTypeOf('number')
  })

  it('rejects a module that exports no handler, so a broken start is never timed as a fast one', async () => {
    const file = await moduleFile('no-handler.mjs', 'export const other = 1\n')
    await expect(timeImport(file, {})).rejects.toThrow(ColdStartError)
    await expect(timeImport(file, {})).rejects.toThrow(/exports no handler function/)
  })

  it('rejects a module whose initialisation throws, quoting its error', async () => {
    const file = await moduleFile('throws.mjs', "throw new Error('ROUTES is not set')\n")
    await expect(timeImport(file, {})).rejects.toThrow(/ROUTES is not set/)
  })
})
