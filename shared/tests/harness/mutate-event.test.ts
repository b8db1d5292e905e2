import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import {
  applyMutations,
  assertMutationsHandled,
  CI_FUZZ_SEED,
  eventSeeds,
  fuzzSeed,
  invoke,
  type Mutation,
  mutatedEvents,
  nestedErrors,
  pathsOf,
  untypedOutcome,
} from '../../src/harness/index.ts'

class RefusedError extends Error {
  override name = 'RefusedError'
}

describe('eventSeeds', () => {
  it('takes every builder variant, then every corpus event of the named triggers', () => {
    const seeds = eventSeeds({ fixtures: 'sns', corpus: ['sns'] })
    expect(seeds.slice(0, 2).map((seed) => seed.name)).toEqual([
      'fixture:sns/notification',
      'fixture:sns/s3-notification',
    ])
    const corpus = seeds.filter((seed) => seed.name.startsWith('corpus:'))
    expect(corpus.length).toBeGreaterThanOrEqual(5)
    expect(corpus.every((seed) => seed.name.includes('__sns__'))).toBe(true)
  })

  it('names the fixture triggers when asked for an unknown one', () => {
    expect(() => eventSeeds({ fixtures: 'kafka', corpus: [] })).toThrow('known: alb,')
  })
})

describe('applyMutations', () => {
  const seed = { a: { b: ['x', 'y'] }, c: 'text' }

  it('never changes the seed', () => {
    const mutations: Mutation[] = [
      { kind: 'drop', path: ['a', 'b', 0] },
      { kind: 'null', path: ['c'] },
    ]
    expect(applyMutations(seed, mutations)).toEqual({ a: { b: ['y'] }, c: null })
    expect(seed).toEqual({ a: { b: ['x', 'y'] }, c: 'text' })
  })

  it('adds prototype names as own keys, as JSON.parse does', () => {
    const mutated = applyMutations(seed, [
      { kind: 'prototype-key', path: ['a'], name: '__proto__', value: { polluted: true } },
      { kind: 'prototype-value', path: ['c'], name: 'constructor' },
    ]) as { a: object; c: string }
    expect(Object.hasOwn(mutated.a, '__proto__')).toBe(true)
    const renamed = applyMutations(seed, [
      { kind: 'prototype-rename', path: ['a', 'b'], name: 'constructor' },
    ]) as { a: Record<string, unknown> }
    expect(Object.keys(renamed.a)).toEqual(['constructor'])
    expect(Object.hasOwn(renamed.a, 'constructor') && renamed.a.constructor).toEqual(['x', 'y'])
    expect(Object.getPrototypeOf(mutated.a)).toBe(Object.prototype)
    expect(mutated.c).toBe('constructor')
  })

  it('makes arrays and strings huge or empty, swaps types and re-encodes strings', () => {
    const mutated = applyMutations(seed, [
      { kind: 'huge', path: ['a', 'b'], length: 10_000 },
      { kind: 'empty', path: ['c'] },
    ]) as { a: { b: string[] }; c: string }
    expect(mutated.a.b).toHaveLength(10_000)
    expect(mutated.c).toBe('')
    expect(applyMutations(seed, [{ kind: 'swap', path: [], value: [] }])).toEqual([])
    expect(applyMutations(seed, [{ kind: 'encoding', path: ['c'], value: '%zz' }])).toEqual({
      ...seed,
      c: '%zz',
    })
  })

  it('skips a mutation whose path an earlier one removed', () => {
    expect(
      applyMutations(seed, [
        { kind: 'drop', path: ['a'] },
        { kind: 'null', path: ['a', 'b'] },
      ]),
    ).toEqual({ c: 'text' })
  })
})

describe('mutatedEvents', () => {
  it('reaches every kind of mutation and every part of the event, the event itself too', () => {
    const seeds = [{ name: 's', event: { list: ['a'], nested: { text: 'b' } } }]
    const kinds = new Set<string>()
    const paths = new Set<string>()
    fc.assert(
      fc.property(mutatedEvents(seeds, { hugeLength: 5 }), (mutated) => {
        for (const mutation of mutated.mutations) {
          kinds.add(mutation.kind)
          paths.add(mutation.path.join('.'))
        }
      }),
      { seed: 42, numRuns: 400 },
    )
    expect([...kinds].sort()).toEqual(
      [
        'drop',
        'empty',
        'encoding',
        'huge',
        'null',
        'prototype-key',
        'prototype-rename',
        'prototype-value',
        'swap',
      ].sort(),
    )
    expect([...paths].sort()).toEqual(
      pathsOf(seeds[0]?.event)
        .map((path) => path.join('.'))
        .sort(),
    )
  })
})

describe('seed weights', () => {
  it('picks a seed in proportion to its weight', () => {
    const seeds = [
      { name: 'light', event: { a: 'x' } },
      { name: 'heavy', event: { a: 'x' }, weight: 9 },
    ]
    const picked = fc.sample(mutatedEvents(seeds), { seed: 7, numRuns: 1000 })
    const heavy = picked.filter((mutated) => mutated.seed === 'heavy').length
    expect(heavy).toBeGreaterThan(800)
    expect(heavy).toBeLessThan(980)
  })
})

describe('untypedOutcome', () => {
  it('accepts answers and declared errors, and names anything else', async () => {
    const declared = ['RefusedError']
    expect(untypedOutcome(await invoke(async () => 'ok', {}), declared)).toEqual([])
    expect(
      untypedOutcome(
        await invoke(async () => {
          throw new RefusedError('no')
        }, {}),
        declared,
      ),
    ).toEqual([])
    const typeError = await invoke(async (event: { a: { b: number } }) => event.a.b, {} as never)
    expect(untypedOutcome(typeError, declared)).toEqual([
      expect.stringContaining('failed with TypeError (not declared)'),
    ])
  })

  it('looks inside a typed error at what it carries (cause, errors, failures)', () => {
    const batch = Object.assign(new RefusedError('batch'), {
      failures: [{ messageId: 'm', error: new TypeError('inner') }],
    })
    expect(nestedErrors(batch)).toEqual([expect.any(TypeError)])
    expect(nestedErrors(new RefusedError('x', { cause: new RangeError('r') }))).toEqual([
      expect.any(RangeError),
    ])
  })
})

describe('assertMutationsHandled', () => {
  const seeds = [{ name: 'fixture:test/one', event: { Records: [{ id: 'a', body: 'b' }] } }]
  const careless = async (event: { Records: { id: string }[] }) =>
    event.Records.map((record) => record.id.toUpperCase())

  it('fails on an untyped error and prints the seed to rerun with', async () => {
    const failure = assertMutationsHandled({
      seeds,
      invoke: (event) => invoke(careless, event as never),
      typedErrors: [],
      seed: 1234,
      numRuns: 50,
    })
    await expect(failure).rejects.toThrow(/seed 1234 \(rerun with FUZZ_SEED=1234\)/)
    await expect(failure).rejects.toThrow(/TypeError \(not declared\)/)
  })

  it('passes a handler that refuses bad shapes with its typed error', async () => {
    const careful = async (event: unknown) => {
      const records = (event as { Records?: unknown })?.Records
      if (!Array.isArray(records)) throw new RefusedError('no Records')
      return records.map((record) => {
        const id = (record as { id?: unknown })?.id
        if (typeof id !== 'string') throw new RefusedError('no id')
        return id.toUpperCase()
      })
    }
    await assertMutationsHandled({
      seeds,
      invoke: (event) => invoke(careful, event),
      typedErrors: ['RefusedError'],
      numRuns: 200,
    })
  })

  it('runs CI on one fixed seed, and draws a new one each local run', () => {
    vi.stubEnv('FUZZ_SEED', '')
    try {
      vi.stubEnv('CI', 'true')
      expect(fuzzSeed()).toBe(CI_FUZZ_SEED)
      vi.stubEnv('CI', '')
      const draws = new Set(Array.from({ length: 5 }, () => fuzzSeed()))
      expect(draws.size).toBeGreaterThan(1)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('takes its seed from FUZZ_SEED unless given one', () => {
    const saved = process.env.FUZZ_SEED
    try {
      process.env.FUZZ_SEED = '77'
      expect(fuzzSeed()).toBe(77)
      expect(fuzzSeed(5)).toBe(5)
    } finally {
      if (saved === undefined) delete process.env.FUZZ_SEED
      else process.env.FUZZ_SEED = saved
    }
  })
})
