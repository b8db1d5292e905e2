import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeLogsData, LogsDataBase64Error, LogsDataJsonError } from '../src/index.ts'

const encode = (value: unknown) => gzipSync(JSON.stringify(value)).toString('base64')
const batch = (logEvents: unknown[]) => ({
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/lambda/orders',
  logStream: 's',
  subscriptionFilters: ['all'],
  logEvents,
})

describe('decodeLogsData checks what the handler reads', () => {
  it('refuses a log event without a string id and message or a numeric timestamp', () => {
    const good = { id: '1', timestamp: 1, message: 'ok' }
    expect(decodeLogsData(encode(batch([good]))).logEvents).toEqual([good])
    for (const bad of [
      null,
      'text',
      { ...good, message: 7 },
      { ...good, id: 1 },
      { id: '1', message: 'm' },
    ]) {
      expect(() => decodeLogsData(encode(batch([good, bad])))).toThrow(LogsDataJsonError)
    }
  })

  it('refuses a data message whose log group, stream or owner CloudWatch Logs could not have sent', () => {
    const good = batch([{ id: '1', timestamp: 1, message: 'ok' }])
    expect(decodeLogsData(encode(good)).logGroup).toBe('/aws/lambda/orders')
    const cases: [Record<string, unknown>, string][] = [
      [{ logGroup: '\uD800' }, 'logGroup is not a log group name'],
      [{ logGroup: 'x'.repeat(513) }, 'logGroup is not a log group name'],
      [{ logGroup: '' }, 'logGroup is not a log group name'],
      [{ logStream: 'a:b' }, 'logStream is not a log stream name'],
      [{ logStream: '\uDC00' }, 'logStream is not a log stream name'],
      [{ owner: 'x' }, 'owner is not an account id'],
      [{ messageType: 'OTHER' }, 'messageType is neither'],
    ]
    for (const [change, problem] of cases) {
      expect(() => decodeLogsData(encode({ ...good, ...change }))).toThrow(problem)
    }
  })

  it('takes base64 the native round trip accepts or the full check accepts, nothing else', () => {
    // The full rule: length a multiple of 4, the base64 alphabet, at most two trailing '='.
    const fullCheck = (text: string) =>
      text.length > 0 && text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text)
    const isBase64Refusal = (text: string) => {
      try {
        decodeLogsData(text)
        return false
      } catch (error) {
        return error instanceof LogsDataBase64Error
      }
    }
    const alphabet = fc.constantFrom(...'AQgw+/=-_ \n!'.split(''), 'Zm9v', 'QR==', 'QQ==')
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 12 }).map((parts) => parts.join('')),
        (text) => {
          expect(isBase64Refusal(text)).toBe(!fullCheck(text))
        },
      ),
      { seed: 20261130, numRuns: 2_000 },
    )
  })
})
