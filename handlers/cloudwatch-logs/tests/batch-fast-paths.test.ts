import { gunzipSync, gzipSync } from 'node:zlib'
import { decodeLogsData, LogsDataBase64Error } from '@repo/runtime'
import type { CloudWatchLogsDecodedData, CloudWatchLogsLogEvent } from 'aws-lambda'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { prepareBatch } from '../src/process-batch.ts'
import { redactionRules, redactText } from '../src/redact.ts'

/**
 * The shortcuts that make a 1 MB batch fast must not change a result: the redaction prefilters
 * skip only what no rule would touch, the base64 shortcut accepts only what the full check
 * accepts, and the archive's lines are exactly one JSON object per event.
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
  const lines = (data: CloudWatchLogsDecodedData) =>
    gunzipSync(prepareBatch(data)?.body ?? Buffer.alloc(0))
      .toString('utf8')
      .split('\n')

  it('are one JSON object per event, fields in a fixed order, undefined ones left out', () => {
    const requestId = '8f5c5a7e-3b8e-4d39-9d4a-6c2f0d1e2a3b'
    const [start, report, text, end] = lines(
      batch([
        { id: '1', timestamp: 1, message: `START RequestId: ${requestId} Version: $LATEST` },
        {
          id: '2',
          timestamp: 2,
          message: `REPORT RequestId: ${requestId}\tDuration: 1.5 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
        },
        { id: '3', timestamp: 3, message: 'plain "quoted" \u2028 text\n' },
      ]),
    )
    expect(start).toBe(
      `{"id":"1","timestamp":1,"kind":"lambda-start","requestId":"${requestId}","message":"START RequestId: ${requestId} Version: $LATEST"}`,
    )
    expect(report).toBe(
      `{"id":"2","timestamp":2,"kind":"lambda-report","requestId":"${requestId}","report":{"durationMs":1.5,"billedDurationMs":2,"memorySizeMb":128,"maxMemoryUsedMb":60},"message":"REPORT RequestId: ${requestId}\\tDuration: 1.5 ms\\tBilled Duration: 2 ms\\tMemory Size: 128 MB\\tMax Memory Used: 60 MB\\t"}`,
    )
    expect(text).toBe(
      `{"id":"3","timestamp":3,"kind":"text","message":"plain \\"quoted\\" \u2028 text\\n"}`,
    )
    expect(end).toBe('')
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
