import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { pathToFileURL } from 'node:url'

export class ColdStartError extends Error {
  override name = 'ColdStartError'
}

/**
 * Runs in the fresh process: times the import (parse, compile, top-level code: the module
 * initialisation Lambda bills as Init), and checks the handler export exists, so a cold start
 * that failed or exported nothing is never timed as a fast one.
 */
const IMPORT_AND_TIME = `
const started = performance.now()
const module = await import(process.argv[1])
const ms = performance.now() - started
if (typeof module.handler !== 'function') throw new Error('the bundle exports no handler function')
process.stdout.write(JSON.stringify({ ms }))
`

/** Milliseconds to import `bundle` in a new Node process (this one's binary) with exactly `env`. */
export const timeImport = async (bundle: string, env: Record<string, string>): Promise<number> => {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '--eval', IMPORT_AND_TIME, pathToFileURL(bundle).href],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk
  })
  const [code] = (await once(child, 'close')) as [number | null]
  if (code !== 0)
    throw new ColdStartError(
      `importing ${bundle} failed (exit ${code}):\n${stderr.trim().split('\n').slice(-8).join('\n')}`,
    )
  return (JSON.parse(stdout) as { ms: number }).ms
}
