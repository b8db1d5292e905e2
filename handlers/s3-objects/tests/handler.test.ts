import { HeadObjectCommand, NotFound, S3Client } from '@aws-sdk/client-s3'
import { loadCorpusEvent, S3Sequencer, s3Event, s3Record, s3TestEvent } from '@repo/shared'
import {
  countMessages,
  deliverDuplicates,
  invoke,
  invokeAsync,
  readDestinationRecords,
  readObject,
  readQueue,
} from '@repo/shared/harness'
import type { S3Event } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { declaration } from '../src/trigger.ts'
import { BUCKET, eventFor, putObject, sha256, useLocalHandler } from './support/local-handler.ts'

const { aws, build, logs } = useLocalHandler()

const CSV = 'id,name,amount\n1,"Smith, Jane",10.5\n2,"multi\nline",7\n3,plain,0\n'

const summaryKeyOf = (key: string) => `processed/${key}.summary.json`

const summaryExists = async (key: string) => {
  try {
    await aws().clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: summaryKeyOf(key) }))
    return true
  } catch (error) {
    if (error instanceof NotFound) return false
    throw error
  }
}

const readSummary = async (key: string) =>
  JSON.parse((await readObject(aws(), BUCKET, summaryKeyOf(key))).body)

const resultMessages = async () =>
  (await readQueue(aws(), 'results')).map((message) => JSON.parse(message.body))

describe('ObjectCreated and ObjectRestore:Completed', () => {
  it('writes processed/<key>.summary.json and sends the same summary to the results queue', async () => {
    const key = 'incoming/orders.csv'
    const eTag = await putObject(aws, key, CSV)
    const run = await invoke(build(), eventFor({ key, eTag, size: CSV.length }))
    expect(run.status).toBe('success')

    const expected = {
      type: 'csv.summary',
      bucket: BUCKET,
      key,
      rows: 3,
      columns: ['id', 'name', 'amount'],
      bytes: Buffer.byteLength(CSV),
      sha256: sha256(CSV),
      summaryKey: summaryKeyOf(key),
      eTag,
    }
    expect(await readSummary(key)).toMatchObject(expected)
    const messages = await readQueue(aws(), 'results')
    expect(messages).toHaveLength(1)
    expect(JSON.parse(messages[0]?.body ?? '')).toEqual(await readSummary(key))
    expect(messages[0]?.attributes.type).toBe('csv.summary')
  })

  it('summarises a restored object', async () => {
    const key = 'incoming/restored.csv'
    const eTag = await putObject(aws, key, 'a,b\n1,2\n')
    await invoke(build(), eventFor({ eventName: 'ObjectRestore:Completed', key, eTag }))
    expect(await readSummary(key)).toMatchObject({ rows: 1, columns: ['a', 'b'] })
    expect(await resultMessages()).toHaveLength(1)
  })

  it('reads exactly the version named in the event (VersionId), else the eTag it names (If-Match)', async () => {
    const key = 'incoming/versioned.csv'
    const eTag = await putObject(aws, key, 'a\n1\n')
    const requests: Record<string, unknown>[] = []
    const s3 = new S3Client({})
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetObjectCommand') requests.push({ ...args.input })
        return next(args)
      },
      { step: 'initialize' },
    )
    const handler = build({ s3 })
    await invoke(handler, eventFor({ key, versionId: '3HL4kqtJlcpXroDTDmjVBH40Nrjfkd', eTag }))
    await invoke(handler, eventFor({ key, eTag }))
    expect(requests).toEqual([
      { Bucket: BUCKET, Key: key, VersionId: '3HL4kqtJlcpXroDTDmjVBH40Nrjfkd', IfMatch: undefined },
      { Bucket: BUCKET, Key: key, VersionId: undefined, IfMatch: `"${eTag}"` },
    ])
    s3.destroy()
    await readQueue(aws(), 'results')
  })

  it('skips the event when the content it names was replaced or deleted before it was read', async () => {
    const key = 'incoming/replaced.csv'
    const oldETag = await putObject(aws, key, 'a\n1\n')
    await putObject(aws, key, 'a\n1\n2\n')
    const replaced = await invoke(build(), eventFor({ key, eTag: oldETag }))
    const gone = await invoke(build(), eventFor({ key: 'incoming/never-written.csv' }))
    expect(replaced.status === 'success' && replaced.result).toMatchObject({
      records: [{ result: { action: 'skipped', reason: 'object-replaced' } }],
    })
    expect(gone.status === 'success' && gone.result).toMatchObject({
      records: [{ result: { action: 'skipped', reason: 'object-gone' } }],
    })
    expect(await summaryExists(key)).toBe(false)
  })
})

describe('ObjectRemoved', () => {
  it('deletes the summary', async () => {
    const key = 'incoming/removed.csv'
    const sequencer = new S3Sequencer()
    const eTag = await putObject(aws, key, CSV)
    await invoke(build(), eventFor({ key, eTag, sequencer }))
    expect(await summaryExists(key)).toBe(true)

    const run = await invoke(
      build(),
      eventFor({ eventName: 'ObjectRemoved:Delete', key, sequencer }),
    )
    expect(run.status).toBe('success')
    expect(await summaryExists(key)).toBe(false)
    await readQueue(aws(), 'results')
  })
})

describe('events out of order (sequencer high-water mark)', () => {
  it('a late delete does not remove the summary of the newer object', async () => {
    const key = 'incoming/late-delete.csv'
    const sequencer = new S3Sequencer()
    const deleteEvent = eventFor({ eventName: 'ObjectRemoved:Delete', key, sequencer })
    const eTag = await putObject(aws, key, CSV)
    const putEvent = eventFor({ key, eTag, sequencer }) // built second: the newer sequencer

    await invoke(build(), putEvent)
    const late = await invoke(build(), deleteEvent)
    expect(late.status === 'success' && late.result).toMatchObject({
      records: [{ result: { action: 'skipped', reason: 'stale' } }],
    })
    expect(await summaryExists(key)).toBe(true)
    await readQueue(aws(), 'results')
  })

  it('a late put does not bring back the summary of a deleted object', async () => {
    const key = 'incoming/late-put.csv'
    const sequencer = new S3Sequencer()
    const eTag = await putObject(aws, key, CSV)
    const putEvent = eventFor({ key, eTag, sequencer })
    const deleteEvent = eventFor({ eventName: 'ObjectRemoved:Delete', key, sequencer })

    await invoke(build(), deleteEvent)
    await invoke(build(), putEvent)
    expect(await summaryExists(key)).toBe(false)
    expect(await resultMessages()).toEqual([])
  })

  it('orders sequencers of different lengths as AWS says (right-pad with 0)', async () => {
    const key = 'incoming/short-sequencer.csv'
    const eTag = await putObject(aws, key, CSV)
    // "0055AED6DCD90281E5" < "0055AED6DCD90281E50A" only once the shorter is padded.
    await invoke(build(), eventFor({ key, eTag, sequencer: '0055AED6DCD90281E50A' }))
    const late = await invoke(
      build(),
      eventFor({ eventName: 'ObjectRemoved:Delete', key, sequencer: '0055AED6DCD90281E5' }),
    )
    expect(late.status === 'success' && late.result).toMatchObject({
      records: [{ result: { reason: 'stale' } }],
    })
    expect(await summaryExists(key)).toBe(true)
    await readQueue(aws(), 'results')
  })
})

describe('duplicate and concurrent delivery', () => {
  it('does the work once per change, sequentially and concurrently', async () => {
    const key = 'incoming/duplicated.csv'
    const eTag = await putObject(aws, key, CSV)
    const sequencer = new S3Sequencer()
    const first = eventFor({ key, eTag, sequencer })
    const report = await deliverDuplicates(build(), first, {
      // The idempotency lock lasts until the deadline: run with the declared timeout, not Lambda's 3 s default.
      timeoutSeconds: declaration.function.timeout,
      times: 4,
      probe: () => countMessages(aws(), 'results'),
      // A fresh change per mode (a new sequencer), so the concurrent round is not a replay.
      eventForMode: (mode) => (mode === 'sequential' ? first : eventFor({ key, eTag, sequencer })),
    })
    expect(report.sideEffects).toEqual({ sequential: 1, concurrent: 1 })
    // Losers of the concurrent race fail "in progress": Lambda retries them later and they replay.
    for (const run of report.runs.concurrent?.invocations ?? []) {
      if (run.status !== 'success')
        expect(run.status === 'error' && run.error.errorMessage).toContain(
          'IdempotencyInProgressError',
        )
    }
    await readQueue(aws(), 'results')
  })
})

describe('a malformed CSV', () => {
  it('fails after the other records, and the original event reaches the on-failure destination', async () => {
    const goodKey = 'incoming/good-neighbour.csv'
    const badKey = 'incoming/broken.csv'
    const goodETag = await putObject(aws, goodKey, CSV)
    const badETag = await putObject(aws, badKey, 'id,name\n1,"unclosed\n2,x\n')
    const event = s3Event([
      s3Record({ bucket: BUCKET, key: badKey, eTag: badETag, versionId: null }),
      s3Record({ bucket: BUCKET, key: goodKey, eTag: goodETag, versionId: null }),
    ])
    logs.length = 0

    const report = await invokeAsync(build(), event, {
      onFailure: { sqs: aws().clients.sqs, queueUrl: aws().queueUrl('failures') },
    })
    expect(report.condition).toBe('RetriesExhausted')
    expect(report.attempts.map((attempt) => attempt.status)).toEqual(['error', 'error', 'error'])

    const [destination] = await readDestinationRecords<S3Event>(aws(), 'failures')
    expect(destination?.requestPayload).toEqual(event)
    expect(destination?.responsePayload).toMatchObject({
      errorType: 'BatchIncompleteError',
      errorMessage: expect.stringContaining('InvalidCsvError'),
    })
    // The good record ran once in three attempts; the bad one was read once, then replayed.
    expect(await resultMessages()).toMatchObject([{ key: goodKey, rows: 3 }])
    expect(await summaryExists(badKey)).toBe(false)
    const rejected = logs.filter((entry) => entry.message === 'record_rejected')
    expect(rejected).toHaveLength(3)
    expect(rejected[0]).toMatchObject({ key: badKey, error: 'InvalidCsvError' })
  })
})

describe('object keys', () => {
  it.each([
    'incoming/with spaces/Q1 report.csv',
    'incoming/a+b=c&d.csv',
    'incoming/ünïcödé/日本語 ✓.csv',
    'incoming/100% (final)+%2B.csv',
  ])('decodes %s from its form-URL-encoded notification form', async (key) => {
    const eTag = await putObject(aws, key, 'x\n1\n')
    const event = eventFor({ key, eTag })
    expect(event.Records[0]?.s3.object.key).not.toBe(key)
    const run = await invoke(build(), event)
    expect(run.status).toBe('success')
    expect(await readSummary(key)).toMatchObject({ key, rows: 1 })
    expect(await resultMessages()).toMatchObject([{ key }])
  })

  it('decodes the key of the real encoded samples in the corpus', async () => {
    for (const file of [
      'derived__s3__put-key-with-spaces-and-plus',
      'derived__s3__put-key-unicode',
    ]) {
      const event = loadCorpusEvent<S3Event>(file)
      const record = event.Records[0]
      if (!record) throw new Error(`${file} has no record`)
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))
      const eTag = await putObject(aws, key, 'x\n1\n')
      record.s3.bucket.name = BUCKET
      record.s3.object.eTag = eTag
      expect((await invoke(build(), event)).status).toBe('success')
      expect(await readSummary(key)).toMatchObject({ key })
    }
    expect(await resultMessages()).toHaveLength(2)
  })
})

describe('other events', () => {
  it('acknowledges and ignores the s3:TestEvent (fixture and corpus sample)', async () => {
    for (const event of [
      s3TestEvent({ bucket: BUCKET }),
      loadCorpusEvent('awsdocs-s3-ug__s3__test-event'),
    ]) {
      const run = await invoke(build(), event as S3Event)
      expect(run.status === 'success' && run.result).toEqual({ testEvent: true })
    }
    expect(await countMessages(aws(), 'results')).toBe(0)
  })

  it('sends an alert for a failed replication', async () => {
    const key = 'incoming/replicated.csv'
    const run = await invoke(
      build(),
      eventFor({
        eventName: 'Replication:OperationFailedReplication',
        key,
        replication: { failureReason: 'DstBucketNotFound', destinationBucket: 'replica' },
      }),
    )
    expect(run.status).toBe('success')
    expect(await resultMessages()).toMatchObject([
      {
        type: 'replication.alert',
        eventName: 'Replication:OperationFailedReplication',
        key,
        failureReason: 'DstBucketNotFound',
        destinationBucket: 'arn:aws:s3:::replica',
      },
    ])
  })

  it('does nothing for replication that merely succeeded late', async () => {
    await invoke(
      build(),
      eventFor({
        eventName: 'Replication:OperationReplicatedAfterThreshold',
        key: 'incoming/r.csv',
      }),
    )
    expect(await countMessages(aws(), 'results')).toBe(0)
  })
})
