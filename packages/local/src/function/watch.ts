import { watch } from 'node:fs'
import { join } from 'node:path'
import type { Output } from '../output.ts'
import type { LocalHandler } from './discover.ts'
import type { LocalRuntime } from './runtime.ts'

/** Re-loads a handler when a file under its src/ changes (debounced: editors write in bursts). */
export const watchHandler = (
  handler: LocalHandler,
  runtime: LocalRuntime,
  output: Output,
): (() => void) => {
  let timer: NodeJS.Timeout | undefined
  const watcher = watch(join(handler.directory, 'src'), { recursive: true }, () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      runtime.hosts
        .get(handler.name)
        ?.reload()
        .then(() => output.line(handler.name, 'reloaded (source changed)'))
        .catch((error: Error) =>
          output.line(handler.name, `reload failed: ${error.message}`, 'error'),
        )
    }, 150)
  })
  return () => {
    clearTimeout(timer)
    watcher.close()
  }
}
