/**
 * Vitest setup for handler workspaces (vitest.shared.ts, `handlerVitestConfig`): every `invoke`
 * and `invokeAsync` that names no timeout runs under the function's declared one (its
 * src/trigger.ts), not Lambda's 3 s default, so a loaded machine cannot fail a test on a limit
 * the deployed function does not have. Tests about timeouts name theirs.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { setDefaultInvokeTimeout } from './context.ts'

// Vitest runs in the workspace folder (`npm test` there, or turbo for it).
const triggerFile = join(process.cwd(), 'src/trigger.ts')
const module: { declaration?: { function?: { timeout?: unknown } } } = await import(
  pathToFileURL(triggerFile).href
)
const timeout = module.declaration?.function?.timeout
if (typeof timeout !== 'number') {
  throw new TypeError(`${triggerFile} declares no function.timeout: is this a handler workspace?`)
}
setDefaultInvokeTimeout(timeout)
