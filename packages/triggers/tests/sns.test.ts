import { listCorpus, loadCorpusEvent } from '@repo/shared'
import type { SNSEvent } from 'aws-lambda'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  InvalidFilterError,
  type SnsMessageToMatch,
  snsFilterPolicyCombinations,
  snsFilterPolicyIssues,
  snsMessageMatches,
} from '../src/index.ts'

const attributes = (values: Record<string, [string, string]>): SnsMessageToMatch => ({
  MessageAttributes: Object.fromEntries(
    Object.entries(values).map(([name, [Type, Value]]) => [name, { Type, Value }]),
  ),
})
const body = (value: unknown): SnsMessageToMatch => ({ Message: JSON.stringify(value) })
const byAttributes = (policy: Record<string, never> | object, message: SnsMessageToMatch) =>
  snsMessageMatches(policy as never, 'MessageAttributes', message)

describe('snsMessageMatches on message attributes', () => {
  const order = attributes({
    store: ['String', 'example_corp'],
    event: ['String', 'order_placed'],
    price_usd: ['Number', '210.75'],
    customer_interests: ['String.Array', '["soccer", "rugby", "hockey"]'],
    encrypted: ['String', 'false'],
    client_ip: ['String', '10.0.0.23'],
    payload: ['Binary', 'AQID'],
  })

  it.each([
    ['exact string', { store: ['example_corp'] }, true],
    ['exact string, case-sensitive', { store: ['Example_Corp'] }, false],
    ['OR across values', { event: ['order_cancelled', 'order_placed'] }, true],
    ['AND across keys', { store: ['example_corp'], event: ['order_cancelled'] }, false],
    ['exact number against a Number attribute', { price_usd: [210.75] }, true],
    ['number does not match a string form', { price_usd: ['210.75'] }, false],
    ['numeric range', { price_usd: [{ numeric: ['>', 0, '<=', 300] }] }, true],
    ['numeric range, outside', { price_usd: [{ numeric: ['>=', 300] }] }, false],
    ['numeric on a String attribute never matches', { store: [{ numeric: ['>', 0] }] }, false],
    ['prefix', { event: [{ prefix: 'order_' }] }, true],
    ['suffix', { event: [{ suffix: '_placed' }] }, true],
    ['anything-but values', { store: [{ 'anything-but': ['other_corp'] }] }, true],
    ['anything-but excludes', { store: [{ 'anything-but': ['example_corp'] }] }, false],
    ['anything-but number', { price_usd: [{ 'anything-but': [100] }] }, true],
    ['anything-but prefix', { event: [{ 'anything-but': { prefix: 'order_' } }] }, false],
    ['anything-but suffix', { event: [{ 'anything-but': { suffix: '_cancelled' } }] }, true],
    ['exists true', { store: [{ exists: true }] }, true],
    ['exists false on a present attribute', { store: [{ exists: false }] }, false],
    ['exists false on an absent attribute', { coupon: [{ exists: false }] }, true],
    ['missing attribute matches nothing else', { coupon: [{ 'anything-but': ['x'] }] }, false],
    ['equals-ignore-case', { store: [{ 'equals-ignore-case': 'EXAMPLE_CORP' }] }, true],
    ['cidr', { client_ip: [{ cidr: '10.0.0.0/24' }] }, true],
    ['cidr outside', { client_ip: [{ cidr: '10.0.1.0/24' }] }, false],
    ['String.Array: any element', { customer_interests: ['rugby', 'tennis'] }, true],
    ['String.Array: no element', { customer_interests: ['tennis'] }, false],
    ['Binary attributes are ignored', { payload: [{ exists: true }] }, false],
    ['$or takes either side', { $or: [{ store: ['nope'] }, { event: ['order_placed'] }] }, true],
    ['$or with neither side', { $or: [{ store: ['nope'] }, { event: ['nope'] }] }, false],
    [
      '$or ANDed with its siblings',
      { store: ['nope'], $or: [{ event: ['order_placed'] }, { encrypted: ['false'] }] },
      false,
    ],
  ])('%s', (_label, policy, expected) => {
    expect(byAttributes(policy, order)).toBe(expected)
  })

  it('passes everything when there is no policy', () => {
    expect(snsMessageMatches(undefined, 'MessageAttributes', {})).toBe(true)
  })
})

describe('snsMessageMatches on the message body', () => {
  const message = body({
    store: 'example_corp',
    order: { total: 42.5, lines: [{ sku: 'A1' }, { sku: 'B2' }], tags: ['gift', 'rush'] },
    customer: { ip: '2001:db8::1', vip: true, note: null },
  })
  const match = (policy: object) => snsMessageMatches(policy as never, 'MessageBody', message)

  it('matches nested keys', () => {
    expect(match({ order: { total: [{ numeric: ['>', 40] }] } })).toBe(true)
    expect(match({ order: { total: [{ numeric: ['<', 40] }] } })).toBe(false)
  })

  it('matches arrays of scalars and of objects element by element', () => {
    expect(match({ order: { tags: ['rush'] } })).toBe(true)
    expect(match({ order: { lines: { sku: ['B2'] } } })).toBe(true)
    expect(match({ order: { lines: { sku: ['C3'] } } })).toBe(false)
  })

  it('matches booleans, null and IPv6 CIDR', () => {
    expect(match({ customer: { vip: [true], note: [null] } })).toBe(true)
    expect(match({ customer: { ip: [{ cidr: '2001:db8::/32' }] } })).toBe(true)
  })

  it('never matches a body that is not a JSON object', () => {
    expect(
      snsMessageMatches({ store: [{ exists: false }] }, 'MessageBody', { Message: 'plain text' }),
    ).toBe(false)
  })

  it('refuses an invalid policy instead of guessing', () => {
    expect(() =>
      snsMessageMatches({ store: 'example_corp' } as never, 'MessageBody', message),
    ).toThrow(InvalidFilterError)
  })
})

describe('snsFilterPolicyIssues', () => {
  it('accepts a valid policy', () => {
    expect(
      snsFilterPolicyIssues({ store: ['a'], price: [{ numeric: ['>', 0, '<=', 100] }] }),
    ).toEqual([])
  })

  it('requires leaf values to be arrays', () => {
    expect(snsFilterPolicyIssues({ store: 'example_corp' })[0]).toMatchObject({
      path: ['store'],
      message: expect.stringContaining('must be arrays'),
    })
  })

  it('refuses nested policies in the attributes scope but not the body scope', () => {
    const nested = { order: { total: [1] } }
    expect(snsFilterPolicyIssues(nested, 'MessageAttributes')[0]?.message).toContain('cannot nest')
    expect(snsFilterPolicyIssues(nested, 'MessageBody')).toEqual([])
  })

  it('allows at most five keys', () => {
    const six = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((key) => [key, ['x']]))
    expect(snsFilterPolicyIssues(six)[0]?.message).toContain('at most 5 keys')
  })

  it('allows at most 150 combinations (the product of array lengths; $or branches add)', () => {
    const values = (count: number) => Array.from({ length: count }, (_, index) => `v${index}`)
    expect(snsFilterPolicyCombinations({ a: values(10), b: values(15) })).toBe(150)
    expect(snsFilterPolicyIssues({ a: values(10), b: values(15) })).toEqual([])
    expect(snsFilterPolicyIssues({ a: values(10), b: values(16) })[0]?.message).toContain(
      'this one has 160',
    )
    expect(snsFilterPolicyCombinations({ a: ['x'], $or: [{ b: ['1', '2'] }, { c: ['3'] }] })).toBe(
      3,
    )
  })

  it.each([
    [{ a: [{ wildcard: '*.png' }] }, 'unknown operator "wildcard"'],
    [{ a: [{ begins: 'x' }] }, 'unknown operator "begins"'],
    [{ a: [{ prefix: 'x', suffix: 'y' }] }, 'exactly one operator'],
    [{ a: [{ numeric: ['>', 'x'] }] }, 'expected a number'],
    [{ a: [{ numeric: ['<', 5, '>', 1] }] }, 'lower bound'],
    [{ a: [{ numeric: ['>', 5, '<', 1] }] }, 'range is empty'],
    [{ a: [{ numeric: ['==', 5] }] }, '"==" is not one of'],
    [{ a: [2e9] }, 'outside the SNS numeric range'],
    [{ a: [{ exists: 'yes' }] }, 'exists takes true or false'],
    [{ a: [{ cidr: '10.0.0.0/33' }] }, 'not a CIDR block'],
    [{ a: [{ 'anything-but': { wildcard: 'x' } }] }, 'anything-but takes'],
    [{ a: [] }, 'empty array'],
    [{ $or: [{ a: ['x'] }] }, 'at least two'],
  ])('rejects %j', (policy, message) => {
    expect(
      snsFilterPolicyIssues(policy, 'MessageBody')
        .map((issue) => issue.message)
        .join('\n'),
    ).toContain(message)
  })
})

describe('properties', () => {
  const word = fc.stringMatching(/^[a-z]{1,8}$/)

  it('a String attribute matches a policy listing it, and anything-but the same list never matches', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 4 }), (value, others) => {
        const message = attributes({ key: ['String', value] })
        expect(byAttributes({ key: [...others, value] }, message)).toBe(true)
        expect(byAttributes({ key: [{ 'anything-but': [...others, value] }] }, message)).toBe(false)
        expect(byAttributes({ key: [{ prefix: value.slice(0, 1) }] }, message)).toBe(true)
      }),
    )
  })

  it('a numeric range matches exactly the numbers inside it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 500 }),
        (value, lower, width) => {
          const policy = { n: [{ numeric: ['>', lower, '<=', lower + width] }] }
          const inside = value > lower && value <= lower + width
          expect(byAttributes(policy, attributes({ n: ['Number', String(value)] }))).toBe(inside)
        },
      ),
    )
  })

  it('$or of two policies matches when either does', () => {
    fc.assert(
      fc.property(word, word, word, (value, first, second) => {
        const message = attributes({ key: ['String', value] })
        const either =
          byAttributes({ key: [first] }, message) || byAttributes({ key: [second] }, message)
        expect(byAttributes({ $or: [{ key: [first] }, { key: [second] }] }, message)).toBe(either)
      }),
    )
  })
})

describe('corpus SNS records', () => {
  const records = listCorpus('sns')
    .filter((entry) => entry.source !== 'sam-cli')
    .flatMap((entry) =>
      loadCorpusEvent<SNSEvent>(entry.file).Records.map((record) => ({
        file: entry.file,
        sns: record.Sns,
      })),
    )

  it('loads the SNS samples', () => {
    expect(records.length).toBeGreaterThanOrEqual(6)
  })

  it('matches the Test attribute where the record carries it, and ignores the Binary one', () => {
    for (const { file, sns } of records) {
      const hasTest = sns.MessageAttributes?.Test?.Value === 'TestString'
      expect(byAttributes({ Test: ['TestString'] }, sns), file).toBe(hasTest)
      expect(byAttributes({ TestBinary: [{ exists: false }] }, sns), file).toBe(true)
    }
  })

  it('filters JSON bodies by content and skips plain-text bodies', () => {
    const bob = records.find(({ file }) => file.startsWith('lambda-java'))?.sns
    expect(
      bob && snsMessageMatches({ id: [{ numeric: ['=', 42] }], name: ['Bob'] }, 'MessageBody', bob),
    ).toBe(true)
    const hello = records.find(({ file }) =>
      file.startsWith('lambda-rust__sns__example-sns-event-obj'),
    )?.sns
    expect(
      hello &&
        snsMessageMatches(
          { bar: [{ numeric: ['>', 100] }], foo: [{ prefix: 'Hello' }] },
          'MessageBody',
          hello,
        ),
    ).toBe(true)
    const plain = records.find(({ file }) => file.startsWith('awsdocs-lambda-dg'))?.sns
    expect(plain && snsMessageMatches({ foo: [{ exists: false }] }, 'MessageBody', plain)).toBe(
      false,
    )
  })
})
