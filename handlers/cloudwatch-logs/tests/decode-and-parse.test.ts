import { gzipSync } from 'node:zlib'
import {
  decodeLogsData,
  LogsDataBase64Error,
  LogsDataError,
  LogsDataGzipError,
  LogsDataJsonError,
} from '@repo/runtime'
import { cloudWatchLogsData, encodeCloudWatchLogs, listCorpus, loadCorpusEvent } from '@repo/shared'
import type { CloudWatchLogsEvent, CloudWatchLogsLogEvent } from 'aws-lambda'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { packBatches, SQS_BATCH_BYTES } from '../src/alerts.ts'
import { archiveKey, GZIP, ZSTD } from '../src/archive.ts'
import { isErrorEvent, parseLogEvent } from '../src/parse-log-event.ts'

describe('decodeLogsData', () => {
  it('reads every encoded corpus sample (gzip, zlib) and names the truncated one', () => {
    const samples = listCorpus('cloudwatch-logs')
    expect(samples.length).toBeGreaterThanOrEqual(4)
    for (const sample of samples) {
      const { data } = loadCorpusEvent<CloudWatchLogsEvent>(sample.file).awslogs
      // The Lambda guide's sample is cut short with "..." in the middle of the base64.
      if (data.includes('...')) {
        expect(() => decodeLogsData(data)).toThrow(LogsDataBase64Error)
        continue
      }
      expect(['DATA_MESSAGE', 'CONTROL_MESSAGE']).toContain(decodeLogsData(data).messageType)
    }
  })

  const gzipBase64 = (text: string) => gzipSync(text).toString('base64')
  it.each([
    ['not base64', 'this is *not* base64!', LogsDataBase64Error],
    ['empty', '', LogsDataBase64Error],
    [
      'base64 of plain text',
      Buffer.from('{"messageType":"x"}').toString('base64'),
      LogsDataGzipError,
    ],
    ['truncated gzip', gzipBase64('{"a":1}'.repeat(50)).slice(0, 40), LogsDataGzipError],
    ['gzip of non-JSON', gzipBase64('hello'), LogsDataJsonError],
    ['JSON of another shape', gzipBase64('{"records":[]}'), LogsDataJsonError],
  ])('%s → a typed error', (_name, data, type) => {
    expect(() => decodeLogsData(data)).toThrow(type)
    expect(() => decodeLogsData(data)).toThrow(LogsDataError)
  })
})

describe('parseLogEvent', () => {
  const event = (message: string): CloudWatchLogsLogEvent => ({ id: '1', timestamp: 0, message })
  const requestId = 'c793869b-ee49-115b-a5b6-4fd21e8dedac'

  it('reads Lambda START / END / REPORT lines', () => {
    expect(parseLogEvent(event(`START RequestId: ${requestId} Version: $LATEST`))).toMatchObject({
      kind: 'lambda-start',
      requestId,
    })
    expect(parseLogEvent(event(`END RequestId: ${requestId}`)).kind).toBe('lambda-end')
    expect(
      parseLogEvent(
        event(
          `REPORT RequestId: ${requestId}\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\tMax Memory Used: 71 MB\tInit Duration: 150.20 ms\t`,
        ),
      ),
    ).toMatchObject({ kind: 'lambda-report', requestId })
  })

  it('reads structured JSON lines, with string or numeric levels', () => {
    expect(
      parseLogEvent(event(JSON.stringify({ level: 'error', requestId, message: 'x' }))),
    ).toMatchObject({ kind: 'json', level: 'ERROR', requestId })
    expect(parseLogEvent(event('{"level":50,"msg":"pino"}')).level).toBe('ERROR')
    expect(parseLogEvent(event('{"severity":"FATAL"}')).level).toBe('FATAL')
    expect(parseLogEvent(event('{not json')).kind).toBe('text')
  })

  it('reads the Node and Python runtime text formats', () => {
    expect(
      parseLogEvent(event(`2024-01-01T12:00:00.000Z\t${requestId}\tWARN\tslow`)),
    ).toMatchObject({ kind: 'text', level: 'WARN', requestId })
    expect(
      parseLogEvent(event(`[ERROR]\t2024-01-01T12:00:00.000Z\t${requestId}\tboom`)),
    ).toMatchObject({ level: 'ERROR', requestId })
  })

  it('redacts before anything is read out of the line', () => {
    const parsed = parseLogEvent(event('{"level":"INFO","password":"hunter2"}'))
    expect(JSON.stringify(parsed)).not.toContain('hunter2')
  })

  it.each([
    ['{"level":"ERROR","message":"x"}', true],
    ['{"level":"FATAL"}', true],
    ['{"level":"INFO","message":"ERROR in text is not the level"}', false],
    ['2024-01-01T12:00:03.000Z c793869b Task timed out after 3.00 seconds', true],
    ['java.lang.NullPointerException at Handler.java:12', true],
    ['ERROR: could not connect', true],
    ['all good, no errors here', false],
    [`START RequestId: ${requestId} Version: $LATEST`, false],
  ])('isErrorEvent(%s) = %s', (message, expected) => {
    expect(isErrorEvent(parseLogEvent(event(message)))).toBe(expected)
  })
})

describe('archive keys and alert batches', () => {
  it('dates the key by the first event, UTC, without an empty segment', () => {
    const first = parseLogEvent({
      id: '3719521',
      timestamp: Date.parse('2024-03-09T23:59:59.999Z'),
      message: 'x',
    })
    expect(archiveKey('/aws/lambda/orders', first, GZIP)).toBe(
      'logs/aws/lambda/orders/2024/03/09/3719521.ndjson.gz',
    )
    expect(archiveKey('/aws/lambda/orders', first, ZSTD)).toBe(
      'logs/aws/lambda/orders/2024/03/09/3719521.ndjson.zst',
    )
  })

  it('property: batches keep order, hold at most 10 entries and stay under the byte limit', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 60_000 }), { maxLength: 40 }), (bodies) => {
        const batches = packBatches(bodies)
        expect(batches.flat()).toEqual(bodies)
        for (const batch of batches) {
          expect(batch.length).toBeLessThanOrEqual(10)
          expect(batch.reduce((sum, body) => sum + Buffer.byteLength(body), 0)).toBeLessThanOrEqual(
            SQS_BATCH_BYTES,
          )
        }
      }),
      { numRuns: 50 },
    )
  })

  it('the fixture builder and decoder agree', () => {
    const data = cloudWatchLogsData({ logEvents: ['a', 'b'] })
    expect(decodeLogsData(encodeCloudWatchLogs(data).awslogs.data)).toEqual(data)
  })
})
