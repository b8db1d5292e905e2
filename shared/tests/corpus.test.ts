import { describe, expect, it } from 'vitest'
import { CorpusEventNotFoundError, listCorpus, loadCorpusEvent } from '../src/index.ts'

describe('corpus', () => {
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

  it('names the missing file and the env override when an event is absent', () => {
    expect(() => loadCorpusEvent('nope')).toThrow(CorpusEventNotFoundError)
    expect(() => loadCorpusEvent('nope')).toThrow(/AWS_EVENTS_DIR/)
  })
})
