import { decodeS3Key } from '@repo/runtime'
import { listCorpus, loadCorpusEvent } from '@repo/shared'
import type { S3Event } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import {
  BucketNotificationOverlapError,
  defineHandler,
  defineTrigger,
  s3EventMatches,
  s3EventTypes,
  TriggerValidationError,
  validateBucketNotifications,
} from '../src/index.ts'

const issuesOf = (build: () => unknown) => {
  try {
    build()
  } catch (error) {
    if (error instanceof TriggerValidationError) return error.issues
    throw error
  }
  throw new Error('expected a TriggerValidationError')
}

const uploads = defineTrigger({
  type: 's3',
  bucket: { ref: 'UploadsBucket' },
  events: ['s3:ObjectCreated:*'],
  filter: { prefix: 'uploads/', suffix: '.jpg' },
})

describe('S3 trigger validation', () => {
  it('accepts every configurable event type', () => {
    const trigger = defineTrigger({
      type: 's3',
      bucket: { name: 'my-bucket' },
      events: [...s3EventTypes],
    })
    expect(trigger.events).toHaveLength(27)
  })

  it('names an unknown event type and lists the valid ones', () => {
    const [issue] = issuesOf(() =>
      defineTrigger({
        type: 's3',
        bucket: { name: 'my-bucket' },
        events: ['s3:ObjectCreated:Puts' as 's3:ObjectCreated:Put'],
      }),
    )
    expect(issue?.path).toEqual(['trigger', 'events', 0])
    expect(issue?.message).toContain('unknown S3 event type "s3:ObjectCreated:Puts"')
    expect(issue?.message).toContain('s3:ObjectCreated:Put,')
  })

  it('refuses s3:TestEvent, which cannot be subscribed to', () => {
    const [issue] = issuesOf(() =>
      defineTrigger({
        type: 's3',
        bucket: { name: 'my-bucket' },
        events: ['s3:TestEvent' as 's3:ObjectCreated:Put'],
      }),
    )
    expect(issue?.message).toContain('s3:TestEvent cannot be subscribed to')
  })

  it('refuses wildcards in prefix and suffix: S3 filters are literal', () => {
    const issues = issuesOf(() =>
      defineTrigger({
        type: 's3',
        bucket: { name: 'my-bucket' },
        events: ['s3:ObjectCreated:*'],
        filter: { prefix: 'uploads/*', suffix: '*.jpg' },
      }),
    )
    expect(issues.map((issue) => issue.path)).toEqual([
      ['trigger', 'filter', 'prefix'],
      ['trigger', 'filter', 'suffix'],
    ])
    expect(issues[0]?.message).toContain('literal')
  })

  it('checks bucket names and logical refs', () => {
    const byName = issuesOf(() =>
      defineTrigger({ type: 's3', bucket: { name: 'My_Bucket' }, events: ['s3:ObjectCreated:*'] }),
    )
    expect(byName[0]?.path).toEqual(['trigger', 'bucket', 'name'])
    expect(byName[0]?.message).toContain('lowercase')
    const both = issuesOf(() =>
      defineTrigger({
        type: 's3',
        bucket: { name: 'my-bucket', ref: 'Bucket' } as unknown as { name: string },
        events: ['s3:ObjectCreated:*'],
      }),
    )
    expect(both[0]?.message).toContain('exactly one of "name"')
  })

  it('needs at least one event type', () => {
    expect(
      issuesOf(() => defineTrigger({ type: 's3', bucket: { name: 'my-bucket' }, events: [] }))[0]
        ?.message,
    ).toContain('at least one S3 event type')
  })
})

describe('s3EventMatches', () => {
  it('matches a family wildcard against each member', () => {
    for (const eventName of [
      'ObjectCreated:Put',
      'ObjectCreated:Post',
      'ObjectCreated:Copy',
      'ObjectCreated:CompleteMultipartUpload',
    ]) {
      expect(s3EventMatches(uploads, { eventName, key: 'uploads/a.jpg' })).toBe(true)
    }
    expect(
      s3EventMatches(uploads, { eventName: 'ObjectRemoved:Delete', key: 'uploads/a.jpg' }),
    ).toBe(false)
  })

  it('applies prefix and suffix literally and case-sensitively', () => {
    const match = (key: string) => s3EventMatches(uploads, { eventName: 'ObjectCreated:Put', key })
    expect(match('uploads/cat.jpg')).toBe(true)
    expect(match('uploads/cat.JPG')).toBe(false)
    expect(match('other/uploads/cat.jpg')).toBe(false)
    expect(match('uploads/cat.jpg.txt')).toBe(false)
  })

  it('matches exact types only against themselves', () => {
    const deletes = { events: ['s3:ObjectRemoved:Delete'] as const }
    expect(s3EventMatches(deletes, { eventName: 'ObjectRemoved:Delete', key: 'k' })).toBe(true)
    expect(
      s3EventMatches(deletes, { eventName: 'ObjectRemoved:DeleteMarkerCreated', key: 'k' }),
    ).toBe(false)
  })

  it('accepts event names with the s3: prefix some samples carry', () => {
    expect(
      s3EventMatches(
        { events: ['s3:LifecycleTransition'] },
        { eventName: 's3:LifecycleTransition', key: 'k' },
      ),
    ).toBe(true)
  })

  it('matches every real S3 record in the corpus to the family that produced it', () => {
    const entries = listCorpus('s3').filter((entry) => entry.source !== 'sam-cli')
    let checked = 0
    for (const entry of entries) {
      const event = loadCorpusEvent<Partial<S3Event>>(entry.file)
      for (const record of event.Records ?? []) {
        const key = decodeS3Key(record.s3.object.key)
        const family = `s3:${record.eventName.replace(/^s3:/, '').split(':')[0]}`
        const wildcard = s3EventTypes.find((type) => type === `${family}:*`)
        const exact = s3EventTypes.find((type) => type === family)
        const events = wildcard ? [wildcard] : exact ? [exact] : []
        expect(events, `${entry.file}: ${record.eventName}`).not.toEqual([])
        expect(s3EventMatches({ events }, { eventName: record.eventName, key })).toBe(true)
        expect(
          s3EventMatches({ events, filter: { prefix: key } }, { eventName: record.eventName, key }),
        ).toBe(true)
        expect(
          s3EventMatches(
            { events, filter: { prefix: `${key}x` } },
            { eventName: record.eventName, key },
          ),
        ).toBe(false)
        checked += 1
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20)
  })

  it('matches decoded keys: spaces, plus signs and UTF-8 in the corpus', () => {
    const spaced = loadCorpusEvent<S3Event>('derived__s3__put-key-with-spaces-and-plus').Records[0]
    const key = decodeS3Key(spaced?.s3.object.key ?? '')
    expect(key).toBe('uploads/Quarterly Report (Q1)+final.pdf')
    const reports = {
      events: ['s3:ObjectCreated:Put'] as const,
      filter: { prefix: 'uploads/Quarterly Report', suffix: '+final.pdf' },
    }
    expect(s3EventMatches(reports, { eventName: 'ObjectCreated:Put', key })).toBe(true)
    const unicode = loadCorpusEvent<S3Event>('derived__s3__put-key-unicode').Records[0]
    const unicodeKey = decodeS3Key(unicode?.s3.object.key ?? '')
    expect(
      s3EventMatches(
        { events: ['s3:ObjectCreated:*'], filter: { prefix: 'photos/日本語/', suffix: 'é.jpg' } },
        { eventName: 'ObjectCreated:Put', key: unicodeKey },
      ),
    ).toBe(true)
  })
})

describe('validateBucketNotifications', () => {
  const handler = (
    name: string,
    events: string[],
    filter?: { prefix?: string; suffix?: string },
    bucket = 'UploadsBucket',
  ) =>
    defineHandler({
      name,
      triggers: [
        {
          type: 's3',
          bucket: { ref: bucket },
          events: events as ['s3:ObjectCreated:*'],
          filter,
        },
      ],
    })

  it('rejects overlapping events with overlapping prefixes and suffixes', () => {
    const declarations = [
      handler('images', ['s3:ObjectCreated:*'], { prefix: 'uploads/' }),
      handler('jpegs', ['s3:ObjectCreated:Put'], { prefix: 'uploads/photos/', suffix: '.jpg' }),
    ]
    expect(() => validateBucketNotifications(declarations)).toThrow(BucketNotificationOverlapError)
    expect(() => validateBucketNotifications(declarations)).toThrow(/"jpegs".*overlaps "images"/)
  })

  it('treats an empty prefix or suffix as overlapping everything', () => {
    expect(() =>
      validateBucketNotifications([
        handler('a', ['s3:ObjectRemoved:*']),
        handler('b', ['s3:ObjectRemoved:Delete'], { suffix: '.log' }),
      ]),
    ).toThrow(BucketNotificationOverlapError)
  })

  it.each([
    ['disjoint event types', ['s3:ObjectCreated:*'], ['s3:ObjectRemoved:*'], {}, {}],
    [
      'disjoint prefixes',
      ['s3:ObjectCreated:*'],
      ['s3:ObjectCreated:*'],
      { prefix: 'a/' },
      { prefix: 'b/' },
    ],
    [
      'disjoint suffixes',
      ['s3:ObjectCreated:*'],
      ['s3:ObjectCreated:Put'],
      { suffix: '.jpg' },
      { suffix: '.png' },
    ],
  ])('accepts %s', (_label, firstEvents, secondEvents, firstFilter, secondFilter) => {
    expect(() =>
      validateBucketNotifications([
        handler('a', firstEvents, firstFilter),
        handler('b', secondEvents, secondFilter),
      ]),
    ).not.toThrow()
  })

  it('only compares configurations on the same bucket', () => {
    expect(() =>
      validateBucketNotifications([
        handler('a', ['s3:ObjectCreated:*'], {}, 'FirstBucket'),
        handler('b', ['s3:ObjectCreated:*'], {}, 'SecondBucket'),
        defineHandler({
          name: 'schedule',
          triggers: [{ type: 'eventbridge', schedule: 'rate(1 hour)' }],
        }),
      ]),
    ).not.toThrow()
  })

  it('points at the later declaration', () => {
    try {
      validateBucketNotifications([
        handler('a', ['s3:ObjectCreated:*']),
        handler('b', ['s3:ObjectCreated:Copy']),
      ])
      expect.unreachable()
    } catch (error) {
      expect((error as BucketNotificationOverlapError).path).toEqual([1, 'triggers', 0])
    }
  })
})
