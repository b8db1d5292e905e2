import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface IsolatedBundle<TModule> {
  /** The bundle's module, imported from the copy. */
  module: TModule
  /** The folder the bundle was copied into: it has no `node_modules` above or beside it. */
  dir: string
  remove: () => Promise<void>
}

/**
 * Copies a built handler bundle (and its neighbours: source maps, assets) into a fresh
 * temporary folder and imports it from there. Node resolves bare imports by walking up
 * to `node_modules`, and the OS temp folder has none, so an import the bundler left
 * external fails here exactly as it would in the Lambda's `/var/task`.
 */
export const importIsolatedBundle = async <TModule = Record<string, unknown>>(
  bundleFile: string,
  /** Where the copy goes; must have no `node_modules` above it. Default: the OS temp folder. */
  parentDir: string = tmpdir(),
): Promise<IsolatedBundle<TModule>> => {
  const dir = await mkdtemp(join(parentDir, 'lambda-bundle-'))
  await cp(dirname(bundleFile), dir, { recursive: true })
  const remove = () => rm(dir, { recursive: true, force: true })
  try {
    const module = (await import(
      /* @vite-ignore */ pathToFileURL(join(dir, basename(bundleFile))).href
    )) as TModule
    return { module, dir, remove }
  } catch (error) {
    await remove()
    throw error
  }
}
