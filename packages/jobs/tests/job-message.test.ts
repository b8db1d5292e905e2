import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JobMessageError, parseJobMessage } from '../src/index.ts'

const valid = {
  jobId: '6f1c2b9e-0b7a-4d4e-9f57-3d0c6a1e8b21',
  type: 'report',
  payload: { values: [1, 2, 3] },
  acceptedAt: '2026-11-30T06:00:00.000Z',
}

const problemsOf = (body: string): readonly string[] => {
  try {
    parseJobMessage(body)
  } catch (error) {
    if (error instanceof JobMessageError) return error.problems
    throw error
  }
  throw new Error('expected a JobMessageError')
}

describe('parseJobMessage', () => {
  it('reads what alb-http sends', () => {
    expect(parseJobMessage(JSON.stringify(valid))).toEqual(valid)
  })

  it.each([
    ['not JSON', '{"jobId":', 'not JSON'],
    ['a JSON array', '[]', 'a job message is a JSON object'],
    ['null', 'null', 'a job message is a JSON object'],
    ['no jobId', JSON.stringify({ ...valid, jobId: undefined }), 'jobId'],
    ['a jobId with a slash', JSON.stringify({ ...valid, jobId: '../x' }), 'jobId is 1-128'],
    ['a numeric type', JSON.stringify({ ...valid, type: 5 }), 'type must be a string'],
    [
      'an array payload',
      JSON.stringify({ ...valid, payload: [] }),
      'payload must be a JSON object',
    ],
    ['a local time', JSON.stringify({ ...valid, acceptedAt: '2026-11-30 06:00' }), 'acceptedAt'],
    ['an extra field', JSON.stringify({ ...valid, extra: 1 }), 'extra'],
    ['a __proto__ key', `{"__proto__":{"x":1},${JSON.stringify(valid).slice(1)}`, '__proto__'],
  ])('names the problem in %s', (_, body, problem) => {
    expect(problemsOf(body).join('\n')).toContain(problem)
  })

  it('never echoes a huge body back', () => {
    const body = `{"jobId": "${'x'.repeat(1_000_000)}`
    const error = (() => {
      try {
        parseJobMessage(body)
      } catch (caught) {
        return caught as Error
      }
    })()
    expect(error?.message.length).toBeLessThan(200)
  })

  it('throws only JobMessageError for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (body) => {
        try {
          parseJobMessage(body)
        } catch (error) {
          expect(error).toBeInstanceOf(JobMessageError)
        }
      }),
      { numRuns: 300 },
    )
  })
})
