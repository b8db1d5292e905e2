import { loadCorpusEvent, s3Event, s3Record, shapeDifferences } from '@repo/shared'
import { describe, expect, it } from 'vitest'
import { kindOf, objectChangeOf } from '../src/s3-record.ts'

/** The fixtures the handler tests build, compared with the real S3 samples they stand for. */
const samples = [
  ['ObjectCreated:Put', 'awsdocs-s3-ug__s3__object-created-put'],
  ['ObjectRemoved:Delete', 'powertools-ts__s3__delete-object'],
  ['ObjectRestore:Completed', 'derived__s3__restore-completed'],
  ['Replication:OperationFailedReplication', 'lambda-go__s3__s3-replication-event'],
] as const

describe('events built from the fixtures match the S3 samples', () => {
  it.each(samples)('%s has the shape of %s', (eventName, file) => {
    const built = s3Event([s3Record({ eventName, bucket: 'uploads', key: 'incoming/a b.csv' })])
    expect(
      shapeDifferences(built, loadCorpusEvent(file), {
        ignore: ['Records.*.s3.object.urlDecodedKey', 'Records.*.restoreEventData'],
        optional: ['Records.*.s3.object.versionId', 'Records.*.glacierEventData'],
      }),
    ).toEqual([])
  })

  it.each(samples)(
    'the handler reads %s the same way from the real sample (%s)',
    (eventName, file) => {
      const record = loadCorpusEvent<{ Records: Parameters<typeof objectChangeOf>[0][] }>(file)
        .Records[0]
      if (!record) throw new Error(`${file} has no record`)
      // lambda-go writes "s3:Replication:..."; S3 itself sends no prefix.
      const change = objectChangeOf({ ...record, eventName: record.eventName.replace(/^s3:/, '') })
      expect(kindOf(change.eventName)).toBe(kindOf(eventName))
      expect(change.sequencer).toMatch(/^[0-9A-F]+$/)
      expect(change.key).toBe(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')))
    },
  )
})
