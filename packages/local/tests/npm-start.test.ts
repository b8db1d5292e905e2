import { describe, expect, it } from 'vitest'
import { eventually, startRunnerProcess } from './support/runner-process.ts'

/** True once nothing listens at `url` any more (a refused connection); undefined while something answers. */
const refused = async (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    () => undefined,
    () => true as const,
  )

describe('npm start, as a user runs it', () => {
  // npm runs a script through `sh -c`; without `exec` in the script, SIGTERM stops npm and the
  // shell but leaves the runner and its ports behind (what a process manager or CI would send).
  it('stops the runner when npm itself gets SIGTERM: its listener stops answering', async () => {
    const runner = await startRunnerProcess([], { via: 'npm' })
    expect((await fetch(runner.urls.status)).ok).toBe(true)

    await runner.stop() // SIGTERM to npm, and wait for npm to exit
    expect(
      await eventually(() => refused(runner.urls.status), 'the runner to close its port', 10_000),
    ).toBe(true)
  }, 60_000)
})
