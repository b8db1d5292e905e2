import { gzipSync } from 'node:zlib'
import { decodeLogsData, LogsDataTooLargeError, MAX_LOGS_DATA_BYTES } from '@repo/runtime'
import { cloudWatchLogsData, encodeCloudWatchLogs } from '@repo/shared'
import { invoke, useLocalAws } from '@repo/shared/harness'
import type { CloudWatchLogsEvent } from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { maxSizeEvent } from '../bench/max-batch.ts'
import { declaration } from '../src/trigger.ts'
import { ARCHIVE_BUCKET, listArchive, localHandler } from './support/local.ts'

// The declared timeout, as Lambda gives it: the harness's 3 s default is not this function's.
const timing = { timeoutSeconds: declaration.function.timeout }

const aws = useLocalAws({ beforeAll, afterAll }, { buckets: [ARCHIVE_BUCKET], queues: ['alerts'] })
beforeEach(() => aws().reset())

const handlerFor = () => localHandler(aws().queueUrl('alerts'))

const MiB = 1024 * 1024
/**
 * `awslogs.data` that inflates to `mebibytes` of zeros: gzip members of 8 MiB each (~8 KB
 * compressed), concatenated as gzip allows, so the test never holds the inflated size itself.
 */
const bomb = (mebibytes: number): CloudWatchLogsEvent => {
  const member = gzipSync(Buffer.alloc(8 * MiB), { level: 9 })
  const members = Buffer.concat(Array.from({ length: mebibytes / 8 }, () => member))
  return { awslogs: { data: members.toString('base64') } }
}

describe('a log batch bomb', () => {
  it.each([
    [200, 300],
    [640, 900],
  ])(
    'inflating to %i MiB is refused at the limit with LogsDataTooLargeError, nothing archived',
    async (mebibytes, maxKiB) => {
      const event = bomb(mebibytes)
      expect(event.awslogs.data.length).toBeLessThan(maxKiB * 1024)

      const run = await invoke(handlerFor(), event, timing)

      expect(run.status === 'error' && run.thrown).toBeInstanceOf(LogsDataTooLargeError)
      expect(run.status === 'error' && run.error.errorMessage).toContain(
        `inflates to more than ${MAX_LOGS_DATA_BYTES} bytes, the limit for one batch`,
      )
      expect(await listArchive(aws().clients.s3)).toEqual([])
    },
  )

  it('the limit holds the largest batch CloudWatch Logs sends, even all control characters', async () => {
    // 1 MiB of messages is the batch cap; a control character is 6 bytes once JSON (\u00XX).
    const worst = cloudWatchLogsData({
      logEvents: Array.from({ length: 64 }, () => '\u0001'.repeat(16 * 1024 - 26)),
    })
    const inflated = Buffer.byteLength(JSON.stringify(worst))
    expect(inflated).toBeGreaterThan(5.9 * MiB)
    expect(inflated).toBeLessThan(MAX_LOGS_DATA_BYTES)
    expect(decodeLogsData(encodeCloudWatchLogs(worst).awslogs.data).logEvents).toHaveLength(64)

    const run = await invoke(handlerFor(), maxSizeEvent(), timing)
    expect(run.status === 'success' && run.result).toMatchObject({ events: 7365 })
  })
})

describe('events not shaped like a subscription delivery', () => {
  it.each([
    ['{}', 'awslogs', {}],
    ['awslogs: {}', 'awslogs.data', { awslogs: {} }],
    ['a numeric awslogs.data', 'awslogs.data', { awslogs: { data: 7 } }],
    ['null', '(event)', null],
  ])('%s fails with EventShapeError naming %s', async (_name, field, event) => {
    const run = await invoke(handlerFor(), event as unknown as CloudWatchLogsEvent, timing)
    expect(run.status === 'error' && run.error.errorType).toBe('EventShapeError')
    expect(run.status === 'error' && run.thrown).toMatchObject({
      trigger: 'CloudWatch Logs',
      field,
    })
  })
})
