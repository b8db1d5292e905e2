import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { RunnerUrls } from '../../src/runner.ts'

export interface RunnerProcess {
  urls: RunnerUrls
  /** Everything the runner printed so far. */
  output: string[]
  /** Milliseconds from spawn to the ready line. */
  readyAfterMs: number
  stop(): Promise<void>
}

const cli = resolve(import.meta.dirname, '../../src/cli.ts')
const repoRoot = resolve(import.meta.dirname, '../../../..')

const FREE_PORTS = ['--port', '0', '--aws-port', '0', '--cloudfront-port', '0', '--no-watch']

/**
 * Starts the runner in a child process on free ports and waits for its ready line: `cli.ts start`
 * itself, or `npm start` as a user types it (`via: 'npm'`; then `stop` signals npm, not the runner).
 */
export const startRunnerProcess = async (
  args: string[] = [],
  { via = 'node' }: { via?: 'node' | 'npm' } = {},
): Promise<RunnerProcess> => {
  const began = performance.now()
  const [command, commandArgs] =
    via === 'npm'
      ? ['npm', ['start', '--', ...FREE_PORTS, ...args]]
      : [process.execPath, [cli, 'start', ...FREE_PORTS, ...args]]
  const child: ChildProcess = spawn(command, commandArgs, {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  createInterface({ input: child.stderr ?? process.stdin }).on('line', (line) => output.push(line))
  const urls = await new Promise<RunnerUrls>((settle, fail) => {
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      output.push(line)
      if (line.startsWith('LOCAL_READY ')) settle(JSON.parse(line.slice(12)) as RunnerUrls)
    })
    child.once('exit', (code) =>
      fail(new Error(`runner exited (${code}) before it was ready:\n${output.join('\n')}`)),
    )
  })
  return {
    urls,
    output,
    readyAfterMs: performance.now() - began,
    stop: async () => {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

/** Retries `probe` until it returns a value: for effects that happen after an async invocation. */
export const eventually = async <T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
