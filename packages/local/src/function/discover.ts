import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FrozenHandlerDeclaration } from '@repo/triggers'
import { LocalRunnerError } from '../errors.ts'

/** One handler workspace: where its code is and what its declaration says. */
export interface LocalHandler {
  name: string
  /** handlers/<folder> */
  directory: string
  /** The Lambda entry point (`index.handler`), run as source. */
  entry: string
  declaration: FrozenHandlerDeclaration
}

export const repoRoot = resolve(import.meta.dirname, '../../../..')

const isDeclaration = (value: unknown): value is FrozenHandlerDeclaration =>
  typeof value === 'object' &&
  value !== null &&
  'name' in value &&
  'triggers' in value &&
  Array.isArray((value as { triggers: unknown }).triggers)

/**
 * Every `handlers/<name>/` (and every folder in `extraDirectories`) with a `src/trigger.ts` exporting a declaration and a `src/index.ts`
 * exporting `handler`. The declaration is the one the deploy stack reads: nothing else is
 * configured here.
 */
export const discoverHandlers = async (
  extraDirectories: readonly string[] = [],
): Promise<LocalHandler[]> => {
  const folders = [join(repoRoot, 'handlers'), ...extraDirectories].flatMap((parent) =>
    readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name))
      .sort(),
  )
  const handlers: LocalHandler[] = []
  for (const directory of folders) {
    const triggerFile = join(directory, 'src', 'trigger.ts')
    const entry = join(directory, 'src', 'index.ts')
    if (!existsSync(triggerFile) || !existsSync(entry)) continue
    const module = (await import(pathToFileURL(triggerFile).href)) as Record<string, unknown>
    const declaration = Object.values(module).find(isDeclaration)
    if (!declaration) {
      throw new LocalRunnerError(
        `${triggerFile} exports no declaration: export the result of defineHandler({...}).`,
      )
    }
    if (handlers.some((handler) => handler.name === declaration.name))
      throw new LocalRunnerError(`Two handlers are named "${declaration.name}" (${directory}).`)
    handlers.push({ name: declaration.name, directory, entry, declaration })
  }
  return handlers
}
