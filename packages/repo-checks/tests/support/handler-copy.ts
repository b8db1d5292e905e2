import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** What the anatomy is about: no node_modules, builds or reports. */
const COPIED = ['package.json', 'README.md', 'src', 'tests', 'infra']

/**
 * A scratch copy of a handler folder to break on purpose. The copy's parent is a fresh
 * temporary folder, removed by `remove()`.
 */
export const copyOfHandler = (folder: string): { folder: string; remove: () => void } => {
  const parent = mkdtempSync(join(tmpdir(), 'anatomy-'))
  const copy = join(parent, 'handler')
  for (const entry of COPIED) cpSync(join(folder, entry), join(copy, entry), { recursive: true })
  return { folder: copy, remove: () => rmSync(parent, { recursive: true, force: true }) }
}
