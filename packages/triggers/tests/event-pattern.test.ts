import { listCorpus, loadCorpusEvent } from '@repo/shared'
import { describe, expect, it } from 'vitest'
import { eventPatternIssues, eventPatternMatches, InvalidFilterError } from '../src/index.ts'

const event = {
  source: 'aws.codepipeline',
  'detail-type': 'CodePipeline Action Execution State Change',
  detail: {
    pipeline: 'myPipeline',
    state: 'FAILED',
    'execution-id': '01234567-0123-0123-0123-012345678901',
    type: { category: 'Deploy', provider: 'CodeDeploy' },
    retries: 3,
    sourceIp: '192.168.1.20',
    file: 'images/cat.png',
    labels: ['blue', 'green'],
  },
}

describe('eventPatternMatches', () => {
  it.each([
    ['source', { source: ['aws.codepipeline'] }, true],
    ['nested detail', { detail: { type: { category: ['Deploy'] } } }, true],
    ['literal mismatch', { detail: { state: ['SUCCEEDED'] } }, false],
    ['prefix', { 'detail-type': [{ prefix: 'CodePipeline Action' }] }, true],
    [
      'prefix ignoring case',
      { 'detail-type': [{ prefix: { 'equals-ignore-case': 'codepipeline' } }] },
      true,
    ],
    ['suffix', { detail: { file: [{ suffix: '.png' }] } }, true],
    [
      'suffix ignoring case',
      { detail: { file: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } },
      true,
    ],
    ['wildcard', { detail: { file: [{ wildcard: 'images/*.png' }] } }, true],
    ['wildcard miss', { detail: { file: [{ wildcard: 'docs/*' }] } }, false],
    ['anything-but', { detail: { state: [{ 'anything-but': ['SUCCEEDED', 'STARTED'] }] } }, true],
    [
      'anything-but wildcard',
      { detail: { file: [{ 'anything-but': { wildcard: '*.png' } }] } },
      false,
    ],
    [
      'anything-but equals-ignore-case list',
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['failed'] } }] } },
      false,
    ],
    ['numeric', { detail: { retries: [{ numeric: ['>=', 3] }] } }, true],
    ['exists', { detail: { pipeline: [{ exists: true }], stage: [{ exists: false }] } }, true],
    ['cidr', { detail: { sourceIp: [{ cidr: '192.168.0.0/16' }] } }, true],
    ['array field: any element', { detail: { labels: ['green'] } }, true],
    ['$or', { $or: [{ source: ['aws.s3'] }, { detail: { retries: [3] } }] }, true],
    ['type-strict literals', { detail: { retries: ['3'] } }, false],
  ])('%s', (_label, pattern, expected) => {
    expect(eventPatternMatches(pattern as never, event)).toBe(expected)
  })

  it('throws InvalidFilterError for a malformed pattern', () => {
    expect(() => eventPatternMatches({ source: 'aws.codepipeline' } as never, event)).toThrow(
      InvalidFilterError,
    )
  })

  it('routes the corpus CodePipeline state-change events by detail-type and state', () => {
    const failures = {
      source: ['aws.codepipeline'],
      'detail-type': [{ suffix: 'State Change' }],
      detail: { state: ['FAILED'] },
    }
    const stageEvents = { 'detail-type': ['CodePipeline Stage Execution State Change'] }
    const entries = listCorpus('eventbridge-codepipeline')
    expect(entries.length).toBeGreaterThanOrEqual(12)
    const matched = entries.filter((entry) =>
      eventPatternMatches(failures, loadCorpusEvent(entry.file)),
    )
    expect(matched.map((entry) => entry.name).sort()).toEqual([
      'action-failed-8',
      'pipeline-failed-4',
    ])
    const stages = entries.filter((entry) =>
      eventPatternMatches(stageEvents, loadCorpusEvent(entry.file)),
    )
    expect(stages).toHaveLength(3)
  })

  it('tells the corpus scheduled events from the RDS event filed among them', () => {
    const scheduled = { source: ['aws.events'], 'detail-type': ['Scheduled Event'] }
    const matched = listCorpus('eventbridge-scheduled')
      .filter((entry) => eventPatternMatches(scheduled, loadCorpusEvent(entry.file)))
      .map((entry) => entry.file)
    // services-cloudwatchevents-scheduled.json is an "RDS DB Instance Event" from aws.rds.
    expect(matched).toHaveLength(4)
    expect(matched.some((file) => file.includes('cloudwatchevents-scheduled'))).toBe(false)
  })
})

describe('eventPatternMatches with prototype-named keys', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'])(
    'treats %s as an ordinary field name in the pattern and in the event',
    (name) => {
      // JSON.parse makes "__proto__" an own key, as it is in a pattern or event read from JSON.
      const pattern = JSON.parse(`{"detail":{"${name}":["x"]}}`)
      expect(eventPatternMatches(pattern, JSON.parse(`{"detail":{"${name}":"x"}}`))).toBe(true)
      expect(eventPatternMatches(pattern, { detail: {} })).toBe(false)
      const absent = JSON.parse(`{"detail":{"${name}":[{"exists":false}]}}`)
      expect(eventPatternMatches(absent, { detail: {} })).toBe(true)
      expect(eventPatternIssues(JSON.parse(`{"${name}":[{"${name}":1}]}`))).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/unknown operator/) }),
      ])
    },
  )
})

describe('eventPatternIssues', () => {
  it('accepts every content-filter operator', () => {
    expect(
      eventPatternIssues({
        source: ['a'],
        detail: {
          a: [{ prefix: 'x' }, { suffix: 'y' }, { 'equals-ignore-case': 'z' }, { wildcard: 'a*b' }],
          b: [
            { 'anything-but': 'x' },
            { 'anything-but': [1, 2] },
            { 'anything-but': { prefix: 'p' } },
          ],
          c: [
            { numeric: ['>', 0, '<', 10] },
            { exists: true },
            { cidr: '10.0.0.0/8' },
            null,
            true,
            4,
          ],
        },
      }),
    ).toEqual([])
  })

  it.each([
    [{}, 'at least one key'],
    [[], 'is a JSON object'],
    [{ source: 'aws.s3' }, 'leaf values must be arrays'],
    [{ source: [] }, 'empty array'],
    [{ source: [{ regex: 'x' }] }, 'unknown operator "regex"'],
    [{ source: [{ wildcard: 'a**b' }] }, 'consecutive'],
    [{ source: [{ numeric: ['>', 1, '<'] }] }, 'one or two [operator, number] pairs'],
    [{ source: [['nested']] }, 'values are strings'],
    [{ $or: 'x' }, '$or takes an array'],
  ])('rejects %j', (pattern, message) => {
    expect(
      eventPatternIssues(pattern)
        .map((issue) => issue.message)
        .join('\n'),
    ).toContain(message)
  })

  it('gives the path of the bad field', () => {
    expect(eventPatternIssues({ detail: { state: [{ prefx: 'F' }] } })[0]?.path).toEqual([
      'detail',
      'state',
      0,
    ])
  })
})
