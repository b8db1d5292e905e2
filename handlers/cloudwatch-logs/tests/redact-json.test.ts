import { fuzzSeed } from '@repo/shared/harness'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isSecretKey, REDACTED, redact } from '../src/redact.ts'

/**
 * JSON log lines with a secret somewhere inside, at any depth: under a secret key (the whole
 * value, whatever it holds) or inside any string value (a credential in one of the text forms).
 * Seeded: the seed is in the failure message, and FUZZ_SEED=<seed> replays it.
 */

// A marker no generated filler contains, so "the secret is gone" is a plain substring test.
const secret = fc.stringMatching(/^[a-z0-9]{8,24}$/).map((tail) => `Zq9${tail}`)
const keyId = fc.stringMatching(/^[A-Z0-9]{16}$/).map((tail) => `AKIA${tail}`)

const SECRET_KEYS = [
  'password',
  'clientSecret',
  'client_secret',
  'api_key',
  'X-Api-Key',
  'access_token',
  'passphrase',
  'privateKey',
  'cookie',
  'Set-Cookie',
  'Authorization',
  'sessionId',
  'credentials',
]
const plainKey = fc.oneof(
  fc.constantFrom(
    'data',
    'user',
    'items',
    'meta',
    'detail',
    '__proto__',
    'constructor',
    'toString',
  ),
  fc.string({ maxLength: 10 }).filter((key) => !isSecretKey(key)),
)
const filler = fc.jsonValue({ maxDepth: 2 })

/** A secret as it appears inside a string value: each text form the rules know. */
const inText = (value: string) =>
  fc.constantFrom(
    `Bearer ${value}`,
    `password=${value}`,
    `passphrase: ${value}`,
    `https://app:${value}@db.internal/orders`,
    `-----BEGIN PRIVATE KEY-----\n${value}\n${value}\n-----END PRIVATE KEY-----`,
    `eyJ${value}.eyJ${value}.${value}`,
    `Cookie: sid=${value}; theme=dark`,
    `retrying with token=${value} now`,
  )

/** What sits under a secret key: the secret as text, number-like text, or deep in a structure. */
const underSecretKey = (value: string) =>
  fc.oneof(
    fc.constant(value),
    fc.constant({ value }),
    fc.constant([1, { nested: [value] }]),
    fc.constant({ a: { b: { c: { d: value } } } }),
  )

type Json = unknown
/** Wraps `inner` in 0–6 levels of objects and lists, each with filler siblings. */
const atDepth = (inner: fc.Arbitrary<Json>): fc.Arbitrary<Json> =>
  fc
    .tuple(inner, fc.array(fc.tuple(fc.boolean(), plainKey, filler, fc.nat(2)), { maxLength: 6 }))
    .map(([value, levels]) =>
      levels.reduce<Json>(
        (wrapped, [asList, key, sibling, at]) =>
          asList
            ? [sibling, wrapped, sibling].slice(at === 0 ? 1 : 0)
            : Object.defineProperty({ filler: sibling }, key, {
                value: wrapped,
                enumerable: true,
                writable: true,
                configurable: true,
              }),
        value,
      ),
    )

const asObjectLine = (value: Json) =>
  JSON.stringify(
    typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { log: value },
  )

const lineWithSecret = fc.oneof(
  secret.chain((value) =>
    fc
      .tuple(fc.constantFrom(...SECRET_KEYS), underSecretKey(value))
      .chain(([key, held]) => atDepth(fc.constant({ [key]: held, level: 'INFO' })))
      .map((tree) => ({ line: asObjectLine(tree), secret: value })),
  ),
  secret.chain((value) =>
    atDepth(inText(value).map((text) => ({ message: text }))).map((tree) => ({
      line: asObjectLine(tree),
      secret: value,
    })),
  ),
  keyId.chain((value) =>
    atDepth(fc.constant({ message: `using ${value} for uploads` })).map((tree) => ({
      line: asObjectLine(tree),
      secret: value,
    })),
  ),
)

const seed = fuzzSeed()

describe(`JSON log lines with secrets at any depth (seed ${seed})`, () => {
  it('lose the secret, stay valid JSON, and stay the same when redacted again', () => {
    fc.assert(
      fc.property(lineWithSecret, ({ line, secret: value }) => {
        const output = redact(line)
        expect(output).not.toContain(value)
        expect(output).toContain(REDACTED)
        expect(() => JSON.parse(output)).not.toThrow()
        expect(redact(output)).toBe(output)
      }),
      { seed, numRuns: 500 },
    )
  })

  it('keep every field that is not a secret', () => {
    fc.assert(
      fc.property(
        fc.dictionary(plainKey, fc.stringMatching(/^[a-z ]{0,20}$/), { maxKeys: 6 }),
        fc.constantFrom(...SECRET_KEYS),
        secret,
        (fields, key, value) => {
          const line = JSON.stringify({ ...fields, [key]: { deep: [value] } })
          const output = JSON.parse(redact(line))
          expect(output).toEqual({ ...fields, [key]: REDACTED })
        },
      ),
      { seed, numRuns: 300 },
    )
  })

  it('write every number back as the line wrote it', () => {
    const digits = (min: number, max: number) =>
      fc.stringMatching(new RegExp(`^[1-9][0-9]{${min},${max}}$`))
    const numberText = fc.oneof(
      digits(0, 25),
      fc.tuple(digits(0, 8), fc.stringMatching(/^[0-9]{0,20}$/)).map(([a, b]) => `${a}.${b}0`),
      fc.tuple(digits(0, 3), fc.integer({ min: -30, max: 30 })).map(([a, e]) => `${a}e${e}`),
      fc.constantFrom('-0', '0.0', '-0.0', '1E2', '0.0000001', '12.34'),
    )
    fc.assert(
      fc.property(
        fc.array(numberText, { minLength: 1, maxLength: 5 }),
        secret,
        (numbers, value) => {
          const body = numbers.map((text, index) => `"n${index}":${text}`).join(',')
          const list = `[${numbers.join(', ')}]`
          expect(redact(`{${body},"list":${list},"password":"${value}"}`)).toBe(
            `{${body},"list":[${numbers.join(',')}],"password":"${REDACTED}"}`,
          )
        },
      ),
      { seed, numRuns: 300 },
    )
  })

  it('leave a line without secrets as it was, byte for byte', () => {
    fc.assert(
      fc.property(
        fc.dictionary(plainKey, fc.stringMatching(/^[a-z0-9 .,:]{0,30}$/), { maxKeys: 6 }),
        (fields) => {
          const line = JSON.stringify(fields)
          fc.pre(
            !/cookie|eyj|earer|asic|session|sessid|pwd|token|secret|pass|sid|:\/\//i.test(line),
          )
          expect(redact(line)).toBe(line)
        },
      ),
      { seed, numRuns: 300 },
    )
  })
})
