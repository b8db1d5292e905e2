import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A folder holding a minimal index.mjs, standing in for a handler's built dist/. */
export const fakeBundleDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-bundle-'))
  writeFileSync(join(dir, 'index.mjs'), 'export const handler = async () => ({})\n')
  return dir
}
