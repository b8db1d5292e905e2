import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REDACTED, redact, redactionRules } from '../src/redact.ts'

describe('redaction rules', () => {
  const cases: [string, string, string][] = [
    ['AWS access key id', 'using key AKIAIOSFODNN7EXAMPLE now', `using key ${REDACTED} now`],
    ['temporary key id', 'creds ASIAY34FZKBOKMUTVV7A expire', `creds ${REDACTED} expire`],
    [
      'AWS secret (env dump)',
      'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY next',
      `AWS_SECRET_ACCESS_KEY="${REDACTED}" next`,
    ],
    [
      'AWS secret (JSON)',
      '{"secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","region":"eu-west-1"}',
      `{"secretAccessKey":"${REDACTED}","region":"eu-west-1"}`,
    ],
    [
      'session token',
      'AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ',
      `AWS_SESSION_TOKEN="${REDACTED}"`,
    ],
    [
      'bearer token',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_-x',
      `Authorization: Bearer ${REDACTED}`,
    ],
    [
      'basic credentials',
      'authorization: Basic dXNlcjpwYXNzd29yZA==',
      `authorization: Basic ${REDACTED}`,
    ],
    [
      'password in a URL',
      'connecting to postgres://app:s3cr3t!@db.internal:5432/orders',
      `connecting to postgres://app:${REDACTED}@db.internal:5432/orders`,
    ],
    [
      'password=value',
      'login user=bob password=hunter2 ok',
      `login user=bob password="${REDACTED}" ok`,
    ],
    ['key: value', 'db_password: "correct horse"', `db_password: "${REDACTED}"`],
    ['api key header', 'x-api-key: 9a8b7c6d5e', `x-api-key: "${REDACTED}"`],
    ['client secret in a query', '?client_secret=abc123&x=1', `?client_secret="${REDACTED}"&x=1`],
    [
      'PEM private key',
      'loaded -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY----- ok',
      `loaded ${REDACTED} ok`,
    ],
    [
      'PEM private key cut before its END line',
      'key=-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA',
      `key=${REDACTED}`,
    ],
    ['passphrase', 'ssh-add passphrase=correct-horse', `ssh-add passphrase="${REDACTED}"`],
    ['session cookie header', 'Cookie: session=abc123; theme=dark', `Cookie: "${REDACTED}"`],
    [
      'set-cookie header',
      'set-cookie: connect.sid=s%3Aabc.def; Path=/; HttpOnly',
      `set-cookie: "${REDACTED}"`,
    ],
    [
      'session id',
      'resumed sessionid=9f8e7d sid=42',
      `resumed sessionid="${REDACTED}" sid="${REDACTED}"`,
    ],
    [
      'bare JWT',
      'issued eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl to bob',
      `issued ${REDACTED} to bob`,
    ],
    ['short bearer token', 'Authorization: Bearer abc', `Authorization: Bearer ${REDACTED}`],
    [
      'nested secret value in JSON',
      '{"clientSecret":{"value":"x"},"n":1}',
      `{"clientSecret":"${REDACTED}","n":1}`,
    ],
    [
      'nested secret value in JSON inside a text line',
      'INFO\tconfig {"clientSecret":{"value":"x","more":[1,{"k":"y"}]},"n":1}',
      `INFO\tconfig {"clientSecret":"${REDACTED}","n":1}`,
    ],
  ]
  for (const [name, input, expected] of cases) {
    it(name, () => expect(redact(input)).toBe(expected))
  }

  it('leaves lines without secrets untouched (same string)', () => {
    const line = '2024-01-01T00:00:00.000Z\tabc\tINFO\tGET https://example.com/items/1 200'
    expect(redact(line)).toBe(line)
  })

  it('leaves words that merely contain a keyword alone (side, inside, Basic usage)', () => {
    const line = 'side=left inside=1 Basic usage'
    expect(redact(line)).toBe(line)
  })

  it('writes a redacted JSON line back with its numbers as they were written', () => {
    expect(redact('{"n":12345678901234567890,"f":1.50,"e":1e3,"password":"x"}')).toBe(
      `{"n":12345678901234567890,"f":1.50,"e":1e3,"password":"${REDACTED}"}`,
    )
  })

  it('keeps key=value redaction inside a JSON string valid JSON', () => {
    const line = '{"msg":"login password=hunter2 ok","headers":{"Authorization":"Basic x"}}'
    expect(JSON.parse(redact(line))).toEqual({
      msg: `login password="${REDACTED}" ok`,
      headers: { Authorization: REDACTED },
    })
  })

  it('keeps JSON lines parseable', () => {
    const line = JSON.stringify({
      level: 'INFO',
      password: 'p"w\\d',
      token: 42,
      url: 'https://u:p@h/x',
      nested: { apiKey: 'k' },
    })
    const parsed = JSON.parse(redact(line))
    expect(parsed).toEqual({
      level: 'INFO',
      password: REDACTED,
      token: REDACTED,
      url: `https://u:${REDACTED}@h/x`,
      nested: { apiKey: REDACTED },
    })
  })

  it('every rule is exercised by a case above', () => {
    const inputs = cases.map(([, input]) => input)
    for (const rule of redactionRules) {
      expect(
        inputs.some((input) => new RegExp(rule.pattern.source, rule.pattern.flags).test(input)),
      ).toBe(true)
    }
  })

  it('property: a password value never survives, in any surrounding text', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9._~+-]{6,40}$/)
    const text = fc.string({ maxLength: 40 }).map((s) => s.replace(/[=:]/g, ' '))
    const form = fc.constantFrom(
      (v: string) => `password=${v}`,
      (v: string) => `"password": "${v}"`,
      (v: string) => `https://user:${v}@example.com/`,
      (v: string) => `Authorization: Bearer ${v}xxxxxxxx`,
    )
    fc.assert(
      fc.property(text, secret, text, form, (before, value, after, wrap) => {
        const output = redact(`${before} ${wrap(value)} ${after}`)
        expect(output).toContain(REDACTED)
        expect(output.replace(`${before} `, '').replace(` ${after}`, '')).not.toContain(value)
      }),
    )
  })

  it('property: redaction is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 120 }), (line) => {
        const once = redact(line)
        expect(redact(once)).toBe(once)
      }),
    )
  })
})
