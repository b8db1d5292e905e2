import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { MissingBundleError } from './errors.ts'

/** The file `npm run build` writes and Lambda loads as `index.handler`. */
export const bundleEntry = 'index.mjs'

/**
 * The stack uploads the bundle the tests ran against, never a fresh build, so it must exist.
 * Returns the folder unchanged so it can be passed straight to `Code.fromAsset`.
 */
export const requireBundle = (bundleDir: string, handlerName: string): string => {
  if (!existsSync(join(bundleDir, bundleEntry))) {
    throw new MissingBundleError(
      `No bundle at ${join(bundleDir, bundleEntry)}: run \`npm run build -w @repo/${handlerName}\` ` +
        '(or `npm run build` at the root) before synthesizing or testing the stack.',
    )
  }
  return bundleDir
}
