import { describe, expect, it } from 'vitest'
import { InvocationJournal } from '../src/control/console/journal.ts'
import type { AttemptRecord } from '../src/function/runtime.ts'

const attempt = (
  id: string,
  overrides: Partial<AttemptRecord> = {},
  status: 'success' | 'error' = 'success',
): AttemptRecord => ({
  handler: 'h',
  source: 'test',
  async: false,
  event: { id },
  report: `REPORT RequestId: ${id}`,
  startedAt: 1_000,
  outcome:
    status === 'success'
      ? { awsRequestId: id, durationMs: 5, maxMemoryUsedMb: 30, logs: [], status, result: 'ok' }
      : {
          awsRequestId: id,
          durationMs: 5,
          maxMemoryUsedMb: 30,
          logs: [{ level: 'ERROR', message: 'boom' }],
          status,
          error: { errorType: 'Boom', errorMessage: 'boom' },
        },
  ...overrides,
})

describe('invocation journal', () => {
  it('keeps the attempts of one async invocation together, with the wait before each, until it settles', () => {
    const journal = new InvocationJournal()
    const seen: string[] = []
    journal.subscribe((summary) => seen.push(summary.status))
    journal.attempt(attempt('r1', { async: true, startedAt: 1_000 }, 'error'))
    journal.attempt(attempt('r1', { async: true, startedAt: 2_005 }, 'error'))
    journal.asyncSettled(
      'h',
      { awsRequestId: 'r1', condition: 'RetriesExhausted', attempts: 2, sentToOnFailure: 'm1' },
      'q',
    )
    const entry = journal.get('r1')
    expect(entry?.attempts.map((one) => one.waitedMs)).toEqual([undefined, 1_000])
    expect(entry?.settled).toEqual({
      condition: 'RetriesExhausted',
      attempts: 2,
      onFailureQueue: 'q',
      messageId: 'm1',
    })
    expect(seen).toEqual(['retrying', 'retrying', 'failed'])
    expect(journal.lastReports.get('h')).toBe('REPORT RequestId: r1')
  })

  it('forgets the oldest invocations past its capacity', () => {
    const journal = new InvocationJournal({ capacity: 3 })
    for (const id of ['a', 'b', 'c', 'd']) journal.attempt(attempt(id))
    expect(journal.summaries().map((one) => one.id)).toEqual(['b', 'c', 'd'])
  })

  it('forgets the oldest invocations past its byte budget, never the one just recorded', () => {
    const journal = new InvocationJournal({ bytes: 2_500 })
    for (const id of ['a', 'b', 'c'])
      journal.attempt(attempt(id, { event: { id, padding: 'x'.repeat(1_000) } }))
    expect(journal.summaries().map((one) => one.id)).toEqual(['b', 'c'])
    journal.attempt(attempt('huge', { event: 'x'.repeat(10_000) }))
    expect(journal.summaries().map((one) => one.id)).toEqual(['huge'])
  })

  it('looks invocations up by own id only: prototype names find nothing', () => {
    const journal = new InvocationJournal()
    journal.attempt(attempt('a'))
    for (const name of ['__proto__', 'constructor', 'toString'])
      expect(journal.get(name)).toBeUndefined()
  })
})
