import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseTurboSummary } from '../src/turbo-summary.ts'
import { testTasks } from '../src/turbo-timing.ts'

describe('parseTurboSummary', () => {
  it('reads a full cache hit, colours and all', () => {
    const output = [
      '@repo/shared:test: cache hit, replaying logs',
      '',
      ' \u001b[1mTasks:\u001b[0m    \u001b[32;1m31 successful\u001b[0m, 31 total',
      '\u001b[1mCached:\u001b[0m    31 cached, 31 total',
      '  \u001b[1mTime:\u001b[0m    1.2s \u001b[35;1m>>> FULL TURBO\u001b[0m',
    ].join('\n')
    expect(parseTurboSummary(output)).toEqual({ cached: 31, total: 31, fullTurbo: true })
  })

  it('reads a cold run', () => {
    expect(
      parseTurboSummary(
        'Tasks: 30 successful, 30 total\nCached:    0 cached, 30 total\nTime: 2m3s',
      ),
    ).toEqual({ cached: 0, total: 30, fullTurbo: false })
  })

  it('returns undefined when turbo printed no summary (it crashed)', () => {
    expect(parseTurboSummary('x Could not resolve workspaces.')).toBeUndefined()
  })
})

describe('testTasks', () => {
  it('runs the turbo arguments of the root npm test script, continuing past a failure', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url))
    const script = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        scripts: { test: string }
      }
    ).scripts.test
    const tasks = testTasks(root)
    expect(tasks.slice(0, 2)).toEqual(['run', 'lint'])
    expect(script.endsWith(tasks.slice(0, -2).join(' '))).toBe(true)
    expect(tasks.slice(-2)).toEqual(['--continue', '--no-color'])
  })
})
