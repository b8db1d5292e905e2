import { describe, expect, it } from 'vitest'
import { eventProgram } from '../../src/cli/program.ts'
import { TRIGGERS } from '../../src/cli/variants.ts'

const cases = Object.entries(TRIGGERS).flatMap(([trigger, spec]) =>
  spec.variants.map((variant) => [trigger, variant]),
)

describe('event CLI variants', () => {
  it.each(cases)('%s %s builds an event in process', async (trigger, variant) => {
    const printed: unknown[] = []
    await eventProgram((event) => printed.push(event)).parseAsync([trigger, variant], {
      from: 'user',
    })
    expect(printed).toHaveLength(1)
    expect(JSON.parse(JSON.stringify(printed[0]))).toEqual(printed[0])
  })

  it('passes options through to the builder', async () => {
    const printed: unknown[] = []
    await eventProgram((event) => printed.push(event)).parseAsync(
      [
        'alb',
        'get',
        '--query',
        'q=a%20b',
        '--header',
        'X-Id: 7',
        '--header',
        'X-Id: 8',
        '--multi-value',
      ],
      { from: 'user' },
    )
    expect(printed[0]).toMatchObject({
      multiValueQueryStringParameters: { q: ['a%20b'] },
      multiValueHeaders: { 'x-id': ['7', '8'] },
    })
  })
})
