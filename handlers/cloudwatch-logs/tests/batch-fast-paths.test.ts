import { gunzipSync, gzipSync, zstdCompressSync, zstdDecompressSync } from 'node:zlib'
import { decodeLogsData, LogsDataBase64Error } from '@repo/runtime'
import type { CloudWatchLogsDecodedData, CloudWatchLogsLogEvent } from 'aws-lambda'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ALERT_MESSAGE_CHARS, alertBodies } from '../src/alerts.ts'
import { ARCHIVE_CODEC, GZIP, ZSTD } from '../src/archive.ts'
import { parseLogEvent } from '../src/parse-log-event.ts'
import { prepareBatch } from '../src/process-batch.ts'
import { redactionRules, redactText } from '../src/redact.ts'
import { decompressArchive } from './support/local.ts'

/**
 * The shortcuts that make a 1 MB batch fast must not change a result: the redaction prefilters
 * skip only what no rule would touch, the base64 shortcut accepts only what the full check
 * accepts, the archive's hand-built lines and alert bodies are exactly what JSON.stringify writes.
 */

/** Every text rule applied unconditionally, in order: what `redactText` must equal. */
const redactWithoutPrefilters = (text: string) =>
  redactionRules.reduce((result, rule) => result.replace(rule.pattern, rule.replacement), text)

const fragment = fc.constantFrom(
  '://',
  'https://',
  'u:p@h',
  '@',
  ':',
  '=',
  '"',
  "'",
  ' ',
  '\t',
  'Bearer ',
  'basic ',
  'Basic abcdefgh12',
  'password',
  'PassWord',
  'pwd',
  'TOKEN',
  'api-key',
  'Credential',
  'secret',
  'AKIA',
  'ASIA',
  'ABIA',
  'ACCA',
  'akia',
  'ABCDEFGHIJKLMNOP',
  '1234567890',
  'x',
  '/',
)

describe('redaction prefilters', () => {
  it('change nothing: redact equals every rule applied to every line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fragment, { maxLength: 16 }).map((parts) => parts.join('')),
          fc.string({ maxLength: 80 }),
        ),
        (text) => {
          expect(redactText(text)).toBe(redactWithoutPrefilters(text))
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('redaction prefilter for URLs', () => {
  it('lets through every URL whose password the rule would redact', () => {
    const part = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.stringMatching(/^[\w.%+~-]{1,12}$/),
      fc.constantFrom('app', 'u', '1', 'user name', 'a"b', "a'b", 'a/b', 'a@b', 'a:b'),
    )
    fc.assert(
      fc.property(part, part, part, part, (before, user, password, after) => {
        const text = `${before}postgres://${user}:${password}@${after}`
        expect(redactText(text)).toBe(redactWithoutPrefilters(text))
      }),
      { numRuns: 2000 },
    )
  })
})

describe('base64 check', () => {
  it('accepts and refuses exactly what the strict pattern does', () => {
    const strict = /^[A-Za-z0-9+/]*={0,2}$/
    const payload = gzipSync(
      JSON.stringify({
        messageType: 'CONTROL_MESSAGE',
        logGroup: 'g',
        logStream: 's',
        logEvents: [],
      }),
    ).toString('base64')
    fc.assert(
      fc.property(
        fc.nat(payload.length - 1),
        fc.constantFrom('A', '=', '*', ' ', '\n', '-', '_'),
        (at, character) => {
          const data = payload.slice(0, at) + character + payload.slice(at + 1)
          const valid = data.length % 4 === 0 && strict.test(data)
          let threwBase64 = false
          try {
            decodeLogsData(data)
          } catch (error) {
            threwBase64 = error instanceof LogsDataBase64Error
          }
          expect(threwBase64).toBe(!valid)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('archive lines', () => {
  const batch = (logEvents: CloudWatchLogsDecodedData['logEvents']): CloudWatchLogsDecodedData => ({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/f',
    logStream: 's',
    subscriptionFilters: ['f'],
    logEvents,
  })
  const lines = (data: CloudWatchLogsDecodedData) => {
    const prepared = prepareBatch(data)
    if (prepared === undefined) return []
    return decompressArchive(prepared.body, prepared.codec.contentEncoding)
      .toString('utf8')
      .split('\n')
  }

  it('are one JSON object per event: id, timestamp, level and request id when read, message', () => {
    const requestId = '8f5c5a7e-3b8e-4d39-9d4a-6c2f0d1e2a3b'
    const [start, json, text, end] = lines(
      batch([
        { id: '1', timestamp: 1, message: `START RequestId: ${requestId} Version: $LATEST` },
        { id: '2', timestamp: 1712345678901, message: '{"level":"warn","requestId":"r-1"}' },
        { id: '3', timestamp: 3, message: 'plain "quoted" \u2028 text\n' },
      ]),
    )
    expect(start).toBe(
      `{"id":"1","timestamp":1,"requestId":"${requestId}","message":"START RequestId: ${requestId} Version: $LATEST"}`,
    )
    expect(json).toBe(
      '{"id":"2","timestamp":1712345678901,"level":"WARN","requestId":"r-1","message":"{\\"level\\":\\"warn\\",\\"requestId\\":\\"r-1\\"}"}',
    )
    expect(text).toBe(`{"id":"3","timestamp":3,"message":"plain \\"quoted\\" \u2028 text\\n"}`)
    expect(end).toBe('')
  })

  // Timestamps near each other (the cached prefix), across a million boundary, going back, and
  // what CloudWatch never sends: fractions, negatives, huge, NaN, -0, a string.
  const timestamp = fc.oneof(
    fc.integer({ min: 1_700_000_000_000, max: 1_700_000_003_000 }),
    fc.integer({ min: 999_999_000, max: 1_000_001_000 }),
    fc.integer(),
    fc.double(),
    fc.constant(2 ** 60),
    fc.constant('1,"level":"forged"'),
  )
  const logEvents = fc.array(
    fc.record({
      id: fc.oneof(fc.stringMatching(/^\d{56}$/), fc.string()),
      timestamp,
      message: fc.oneof(
        fc.string({ unit: 'binary' }),
        fc.constantFrom(
          '{"level":"error","requestId":"a\\"b"}',
          '{"severity":"x\\u2028","request_id":"\\ud800"}',
          '2024-01-01T12:00:00.000Z\t8f5c5a7e-3b8e-4d39-9d4a-6c2f0d1e2a3b\tERROR\tboom',
        ),
      ),
    }),
    { minLength: 1, maxLength: 30 },
  )

  it('are exactly what JSON.stringify writes for {id, timestamp, level, requestId, message}', () => {
    fc.assert(
      fc.property(logEvents, (events) => {
        const expected = events.map((event) => {
          const { id, timestamp, level, requestId, message } = parseLogEvent(
            event as unknown as CloudWatchLogsLogEvent,
          )
          return JSON.stringify({ id, timestamp, level, requestId, message })
        })
        expect(lines(batch(events as unknown as CloudWatchLogsLogEvent[]))).toEqual([
          ...expected,
          '',
        ])
      }),
      { numRuns: 300 },
    )
  })

  it('stay valid JSON whatever the fields hold, even values CloudWatch would not send', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.string(),
            // Not a number: it must not be written into the line as raw text.
            timestamp: fc.oneof(fc.integer(), fc.constant('1,"kind":"forged"')),
            message: fc.string({ unit: 'binary' }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (logEvents) => {
          const archived = lines(batch(logEvents as unknown as CloudWatchLogsLogEvent[]))
            .slice(0, -1)
            .map((line) => JSON.parse(line))
          expect(archived.map((line) => [line.id, line.timestamp])).toEqual(
            logEvents.map((event) => [event.id, event.timestamp]),
          )
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('archive codecs', () => {
  const ndjson = Buffer.from('{"id":"1","timestamp":1,"message":"x"}\n'.repeat(100))
  it.each([
    { codec: GZIP, decompress: gunzipSync },
    { codec: ZSTD, decompress: zstdDecompressSync },
  ])(
    '$codec.contentEncoding: what it compresses, its own tool decompresses',
    ({ codec, decompress }) => {
      expect(decompress(codec.compress(ndjson))).toEqual(ndjson)
    },
  )

  it('zstd where this Node has it (22.15 and later), gzip otherwise', () => {
    expect(ARCHIVE_CODEC).toBe(typeof zstdCompressSync === 'function' ? ZSTD : GZIP)
  })
})

describe('alert bodies', () => {
  const source = fc.record({
    owner: fc.constant('123456789012'),
    logGroup: fc.string(),
    logStream: fc.string({ unit: 'binary' }),
  })
  const event = fc.record({
    id: fc.string(),
    timestamp: fc.oneof(fc.integer(), fc.double()),
    kind: fc.constant('text' as const),
    level: fc.option(fc.string(), { nil: undefined }),
    requestId: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
    message: fc.oneof(
      fc.string({ unit: 'binary' }),
      // Around the cut, with characters JSON escapes.
      fc.integer({ min: -2, max: 2 }).map((more) => '"'.repeat(ALERT_MESSAGE_CHARS + more)),
    ),
  })

  it('are exactly what JSON.stringify writes for the alert object, with or without the line', () => {
    fc.assert(
      fc.property(source, event, (batchSource, parsed) => {
        const message =
          parsed.message.length > ALERT_MESSAGE_CHARS
            ? `${parsed.message.slice(0, ALERT_MESSAGE_CHARS)}… [truncated]`
            : parsed.message
        const expected = JSON.stringify({
          logGroup: batchSource.logGroup,
          logStream: batchSource.logStream,
          id: parsed.id,
          timestamp: parsed.timestamp,
          level: parsed.level ?? 'ERROR',
          requestId: parsed.requestId,
          message,
        })
        const body = alertBodies(batchSource)
        expect(body(parsed)).toBe(expected)
        expect(body(parsed, JSON.stringify(parsed.message))).toBe(expected)
      }),
      { numRuns: 300 },
    )
  })
})
