import { deflateSync, gzipSync } from 'node:zlib'
import type { CloudWatchLogsEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import {
  decodedLogs,
  decodeLogsData,
  LogsDataBase64Error,
  LogsDataGzipError,
  LogsDataJsonError,
  LogsDataTooLargeError,
  MAX_LOGS_DATA_BYTES,
} from '../src/index.ts'

const batch = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/lambda/orders',
  logStream: '2026/11/30/[$LATEST]abc',
  subscriptionFilters: ['errors'],
  logEvents: [{ id: '1', timestamp: 1, message: 'hello' }],
}
const encode = (value: unknown, zip = gzipSync) =>
  zip(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))).toString('base64')

describe('decodeLogsData', () => {
  it('reads base64 of gzip of JSON, and of zlib, as some tools write it', () => {
    expect(decodeLogsData(encode(batch))).toEqual(batch)
    expect(decodeLogsData(encode(batch, deflateSync))).toEqual(batch)
  })

  it('names the layer that failed with its own typed error', () => {
    expect(() => decodeLogsData('not base64!')).toThrow(LogsDataBase64Error)
    expect(() => decodeLogsData('')).toThrow(LogsDataBase64Error)
    expect(() => decodeLogsData(Buffer.from('plain text').toString('base64'))).toThrow(
      LogsDataGzipError,
    )
    expect(() => decodeLogsData(encode('{"not json'))).toThrow(LogsDataJsonError)
    expect(() => decodeLogsData(encode({ messageType: 'DATA_MESSAGE' }))).toThrow(
      /not a CloudWatch Logs payload/,
    )
  })

  it('refuses a log event id CloudWatch never writes (a lone surrogate, a slash, control characters)', () => {
    for (const id of ['\ud800', 'a/b', 'line\nbreak', 'x'.repeat(129)]) {
      const payload = { ...batch, logEvents: [{ id, timestamp: 1, message: 'hello' }] }
      expect(() => decodeLogsData(encode(payload))).toThrow(LogsDataJsonError)
    }
    const sample = { ...batch, logEvents: [{ id: 'eventId1', timestamp: 1, message: 'm' }] }
    expect(decodeLogsData(encode(sample)).logEvents[0]?.id).toBe('eventId1')
  })

  it('stops inflating a bomb at the limit and says which limit it hit', () => {
    // 64 MiB of zeros gzips to ~64 KiB: far past the limit, from a small event.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64')
    expect(bomb.length).toBeLessThan(200 * 1024)
    const read = () => decodeLogsData(bomb)
    expect(read).toThrow(LogsDataTooLargeError)
    expect(read).toThrow(`more than ${MAX_LOGS_DATA_BYTES} bytes`)
    expect(() => decodeLogsData(encode(batch), 64)).toThrow(LogsDataTooLargeError)
  })
})

describe('decodedLogs', () => {
  it('decodes once per event object', () => {
    const event: CloudWatchLogsEvent = { awslogs: { data: encode(batch) } }
    const first = decodedLogs(event)
    expect(first).toEqual(batch)
    expect(decodedLogs(event)).toBe(first)
    expect(decodedLogs({ awslogs: { data: event.awslogs.data } })).not.toBe(first)
  })
})
