import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface HandlerWorkspace {
  /** Folder name, e.g. `s3-objects`. */
  name: string
  dir: string
  /** The bundle `npm run build` wrote. */
  bundle: string
}

/** Every `handlers/<name>` with a `build` script, sorted by name. */
export const findHandlers = async (repoRoot: string): Promise<HandlerWorkspace[]> => {
  const root = join(repoRoot, 'handlers')
  const names = (await readdir(root, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
  const handlers: HandlerWorkspace[] = []
  for (const name of names) {
    const dir = join(root, name)
    const manifest = join(dir, 'package.json')
    if (!existsSync(manifest)) continue
    const scripts = (JSON.parse(await readFile(manifest, 'utf8')) as { scripts?: object }).scripts
    if (scripts && 'build' in scripts)
      handlers.push({ name, dir, bundle: join(dir, 'dist/index.mjs') })
  }
  return handlers
}
