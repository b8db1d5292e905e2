import { setTimeout } from 'node:timers/promises'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { type IdempotencyStore, MemoryStore } from '@repo/idempotency'
import { S3Sequencer, s3Event, s3Record } from '@repo/shared'
import { invoke, VirtualClock, watchAcquires } from '@repo/shared/harness'
import { describe, expect, it } from 'vitest'
import { BatchIncompleteError } from '../src/errors.ts'
import { DEADLINE_MARGIN_MS, MAX_RECORDS_IN_FLIGHT } from '../src/limits.ts'
import { declaration } from '../src/trigger.ts'
import { BUCKET, putObject, useLocalHandler } from './support/local-handler.ts'

const TIMEOUT_SECONDS = declaration.function.timeout

const { aws, build } = useLocalHandler()

/** A MemoryStore that counts the record locks taken at once, and can make each take time. */
const watchedStore = (delay?: () => Promise<void>) => watchAcquires(new MemoryStore(), delay)

const handlerWith = (store: IdempotencyStore, now?: () => number) => build({ store, now })

/** Deletes of `count` different objects: each a sequencer mark and a DeleteObject of its summary. */
const deletes = (count: number, prefix: string) => {
  const sequencer = new S3Sequencer()
  return s3Event(
    Array.from({ length: count }, (_, index) =>
      s3Record({
        eventName: 'ObjectRemoved:Delete',
        bucket: BUCKET,
        key: `incoming/${prefix}/${index}.csv`,
        versionId: null,
        sequencer,
      }),
    ),
  )
}

describe('a batch far larger than S3 sends', () => {
  it(`runs 1 500 records within the ${TIMEOUT_SECONDS} s function timeout, at most ${MAX_RECORDS_IN_FLIGHT} at once`, async () => {
    const { store, watch } = watchedStore()
    const event = deletes(1_500, 'big')

    const run = await invoke(handlerWith(store), event, { timeoutSeconds: TIMEOUT_SECONDS })

    expect(run.status).toBe('success')
    const records = run.status === 'success' && 'records' in run.result ? run.result.records : []
    expect(records).toHaveLength(1_500)
    expect(records.every((record) => record.result.action === 'summary-removed')).toBe(true)
    expect(watch.peak).toBe(MAX_RECORDS_IN_FLIGHT)
  }, 120_000)

  it('stops starting records before the deadline, reports what it finished, and the retry finishes the rest once', async () => {
    const clock = new VirtualClock()
    let slow = true
    // Each window takes 20 s of (virtual) time while `slow`: 900 s cannot hold 63 windows.
    const { store } = watchedStore(async () => {
      if (slow) await clock.sleep(20_000)
    })
    const handler = handlerWith(store, () => clock.now())
    const event = deletes(1_000, 'late')
    // Virtual time moves only with the store's sleeps: real S3 and DynamoDB calls, however slow
    // on a loaded machine, must not let the clock jump to the timeout (idleRealMs).
    const options = { clock, timeoutSeconds: TIMEOUT_SECONDS, idleRealMs: 30_000 }

    const first = await invoke(handler, event, options)

    expect(first.status).toBe('error') // not a timeout: it returned with time to spare
    const error = first.status === 'error' ? first.thrown : undefined
    expect(error).toBeInstanceOf(BatchIncompleteError)
    const incomplete = error as BatchIncompleteError
    expect(incomplete.failures).toEqual([])
    expect(incomplete.notStarted).toBeGreaterThan(0)
    expect(incomplete.done + incomplete.notStarted).toBe(event.Records.length)
    // Whole windows, and the last one started with at least the margin left.
    expect(incomplete.done % MAX_RECORDS_IN_FLIGHT).toBe(0)
    const windows = incomplete.done / MAX_RECORDS_IN_FLIGHT
    expect(TIMEOUT_SECONDS * 1000 - (windows - 1) * 20_000).toBeGreaterThanOrEqual(
      DEADLINE_MARGIN_MS,
    )
    expect(first.durationMs).toBeLessThanOrEqual(
      TIMEOUT_SECONDS * 1000 - DEADLINE_MARGIN_MS + 20_000,
    )
    expect(incomplete.message).toContain(`${incomplete.notStarted} not started before the deadline`)

    slow = false
    const retry = await invoke(handler, event, options)

    expect(retry.status).toBe('success')
    const records =
      retry.status === 'success' && 'records' in retry.result ? retry.result.records : []
    const statuses = records.map((record) => record.status)
    expect(statuses.filter((status) => status === 'replayed')).toHaveLength(incomplete.done)
    expect(statuses.filter((status) => status === 'processed')).toHaveLength(incomplete.notStarted)
  }, 120_000)
})

describe('records of one object in one event', () => {
  it('run in event order: each put is summarised, then its delete removes the summary for good', async () => {
    const sequencer = new S3Sequencer()
    const keys = Array.from({ length: 8 }, (_, index) => `incoming/ordered/${index}.csv`)
    const eTags = await Promise.all(keys.map((key) => putObject(aws, key, 'a\n1\n')))
    const records = keys.flatMap((key, index) => [
      s3Record({ bucket: BUCKET, key, eTag: eTags[index], versionId: null, sequencer }),
      s3Record({
        eventName: 'ObjectRemoved:Delete',
        bucket: BUCKET,
        key,
        versionId: null,
        sequencer,
      }),
    ])

    // Reads take 200 ms: run at once, every delete would finish before its put wrote the summary.
    const slowReads = new S3Client({})
    slowReads.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetObjectCommand') await setTimeout(200)
        return next(args)
      },
      { step: 'initialize' },
    )
    const run = await invoke(build({ store: new MemoryStore(), s3: slowReads }), s3Event(records))
    slowReads.destroy()

    const actions =
      run.status === 'success' && 'records' in run.result
        ? run.result.records.map((record) => record.result.action)
        : []
    expect(actions).toEqual(keys.flatMap(() => ['summarized', 'summary-removed']))
    const listed = await aws().clients.s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'processed/incoming/ordered/' }),
    )
    expect(listed.Contents ?? []).toEqual([])
  })
})

describe('events not shaped like an S3 notification', () => {
  const record = () => s3Record({ bucket: BUCKET, key: 'incoming/a.csv', versionId: null })
  it.each([
    ['{}', 'Records', {}],
    ['Records: null', 'Records', { Records: null }],
    ['a record without s3', 'Records[0].s3', { Records: [{ ...record(), s3: undefined }] }],
    [
      'a numeric key',
      'Records[0].s3.object.key',
      { Records: [{ ...record(), s3: { ...record().s3, object: { key: 42 } } }] },
    ],
    [
      'a key S3 could not have encoded',
      'Records[0].s3.object.key',
      s3Event([{ ...record(), s3: { ...record().s3, object: { key: '%E0%A4%A' } } } as never]),
    ],
  ])('%s fails with EventShapeError naming %s', async (_name, field, event) => {
    const run = await invoke(handlerWith(new MemoryStore()), event as never)
    expect(run.status === 'error' && run.error.errorType).toBe('EventShapeError')
    expect(run.status === 'error' && run.thrown).toMatchObject({ trigger: 'S3', field })
  })

  it('objects named like prototype members are objects like any other', async () => {
    const sequencer = new S3Sequencer()
    const event = s3Event(
      ['__proto__', 'constructor', 'toString'].map((name) =>
        s3Record({
          eventName: 'ObjectRemoved:Delete',
          bucket: BUCKET,
          key: name,
          versionId: null,
          sequencer,
        }),
      ),
    )
    const run = await invoke(handlerWith(new MemoryStore()), event)
    expect(run.status === 'success' && run.result).toMatchObject({
      records: [{ key: '__proto__' }, { key: 'constructor' }, { key: 'toString' }],
    })
  })
})
