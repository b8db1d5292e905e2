import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { eventually, type RunnerUrls } from './support/runner-process.ts'

const repoRoot = resolve(import.meta.dirname, '../../..')

/** Resolves once nothing listens at `url` any more (a refused connection), false while something answers. */
const refused = async (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    () => undefined,
    () => true as const,
  )

describe('npm start, as a user runs it', () => {
  // npm runs a script through `sh -c`; without `exec` in the script, SIGTERM stops npm and the
  // shell but leaves the runner and its ports behind (what a process manager or CI would send).
  it('stops the runner when npm itself gets SIGTERM: its listener stops answering', async () => {
    const npm = spawn(
      'npm',
      ['start', '--', '--port', '0', '--aws-port', '0', '--cloudfront-port', '0', '--no-watch'],
      {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const urls = await new Promise<RunnerUrls>((settle, fail) => {
      createInterface({ input: npm.stdout }).on('line', (line) => {
        if (line.startsWith('LOCAL_READY ')) settle(JSON.parse(line.slice(12)) as RunnerUrls)
      })
      npm.once('exit', (code) => fail(new Error(`npm start exited (${code}) before it was ready`)))
    })
    expect((await fetch(urls.status)).ok).toBe(true)

    npm.kill('SIGTERM')
    await once(npm, 'exit')
    expect(
      await eventually(() => refused(urls.status), 'the runner to close its port', 10_000),
    ).toBe(true)
  }, 60_000)
})
