import { fuzzSeed } from '@repo/shared/harness'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { redact } from '../src/redact.ts'

/**
 * A JSON line may write any character as an escape (`\u0077`, `\/`): what JSON.parse reads, and
 * what a reader of the archive sees, is the decoded text. Redaction must judge that, not the
 * escaped text. Seeded: FUZZ_SEED=<seed> replays.
 */

/** JSON text with every ASCII letter and "/" written as a \uXXXX escape. */
const escapedJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[A-Za-z/]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )

const seed = fuzzSeed()

describe(`JSON lines whose secrets are written with escapes (seed ${seed})`, () => {
  it.each([
    ['a secret key', '{"pass\\u0077ord":"Zq9hunter2"}'],
    ['a URL password', '{"url":"postgres:\\/\\/app:Zq9s3cret@db:5432/x"}'],
    ['a bearer token', '{"header":"B\\u0065arer Zq9opaque"}'],
  ])('%s is redacted as if it were written plainly', (_name, line) => {
    const redacted = redact(line)
    expect(JSON.stringify(JSON.parse(redacted))).not.toContain('Zq9')
  })

  it('property: a secret under a secret key never survives, whatever is escaped', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('password', 'client_secret', 'api_key', 'Authorization', 'sessionId'),
        fc.stringMatching(/^[a-z0-9]{8,24}$/).map((tail) => `Zq9${tail}`),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string(), { maxKeys: 4 }),
        (key, secret, filler) => {
          const line = escapedJson({ ...filler, [key]: secret })
          expect(JSON.stringify(JSON.parse(redact(line)))).not.toContain(secret)
        },
      ),
      { seed, numRuns: 300 },
    )
  })
})
