import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  bundledCorpusDir,
  CorpusEventNotFoundError,
  corpusDir,
  listCorpus,
  loadCorpusEvent,
} from '../src/index.ts'

const repositoryRoot = execFileSync('git', ['rev-parse', '--show-toplevel'], {
  cwd: import.meta.dirname,
  encoding: 'utf8',
}).trim()

describe('corpus', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('reads, by default, the events/ folder of this package, inside the repository', () => {
    vi.stubEnv('AWS_EVENTS_DIR', undefined)
    expect(corpusDir()).toBe(bundledCorpusDir)
    expect(bundledCorpusDir).toBe(join(import.meta.dirname, '..', 'events'))
    const fromRoot = relative(repositoryRoot, bundledCorpusDir)
    expect(fromRoot).toBe(join('shared', 'events'))
    expect(existsSync(join(bundledCorpusDir, 'README.md'))).toBe(true)
  })

  it('reads the folder AWS_EVENTS_DIR names instead, when it is set', () => {
    vi.stubEnv('AWS_EVENTS_DIR', join(import.meta.dirname, 'fixtures'))
    expect(corpusDir()).toBe(join(import.meta.dirname, 'fixtures'))
    expect(() => loadCorpusEvent(listCorpus('s3')[0]?.file ?? 'none')).toThrow(
      CorpusEventNotFoundError,
    )
  })

  it('lists all 128 real events with source, trigger and name', () => {
    const entries = listCorpus()
    expect(entries).toHaveLength(128)
    expect(entries.every((e) => e.source && e.trigger && e.name)).toBe(true)
  })

  it('filters by trigger and parses an event', () => {
    const [first] = listCorpus('s3')
    expect(first).toBeDefined()
    const event = loadCorpusEvent<{ Records: unknown[] }>(first?.file ?? '')
    expect(Array.isArray(event.Records)).toBe(true)
  })

  it('names the missing file and the folder it looked in when an event is absent', () => {
    expect(() => loadCorpusEvent('nope')).toThrow(CorpusEventNotFoundError)
    expect(() => loadCorpusEvent('nope')).toThrow(`"nope.json" from ${bundledCorpusDir}`)
  })
})
