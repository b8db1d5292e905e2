import { describe, expect, it } from 'vitest'
import {
  assertAlbEvent,
  assertCodePipelineEvent,
  assertEventBridgeEvent,
  assertSnsEvent,
  assertSqsEvent,
  codePipelineJobId,
} from '../src/index.ts'
import { corpusEvents, shapeError } from './support/corpus.ts'

const clone = <T>(value: T): T => structuredClone(value)

describe.each([
  ['alb', assertAlbEvent],
  ['sns', assertSnsEvent],
  ['sqs', assertSqsEvent],
  ['codepipeline', assertCodePipelineEvent],
  ['eventbridge-scheduled', assertEventBridgeEvent],
  ['eventbridge-codepipeline', assertEventBridgeEvent],
] as const)('the %s guard', (trigger, assert) => {
  it('accepts every corpus event of its trigger', () => {
    const events = corpusEvents(trigger)
    expect(events.length).toBeGreaterThan(0)
    for (const [file, event] of events) expect(() => assert(event), file).not.toThrow()
  })

  it('refuses a non-object event as the event itself', () => {
    for (const event of [undefined, null, 'x', 1, []]) {
      expect(shapeError(() => assert(event)).field).toBe('(event)')
    }
  })
})

const [, albEvent] = corpusEvents('alb')[0] ?? []
const [, snsEvent] = corpusEvents('sns')[0] ?? []
const jobEvent = corpusEvents('codepipeline').find(([file]) => file.startsWith('lambda-go'))?.[1]
const [, tick] = corpusEvents('eventbridge-scheduled')[0] ?? []

describe('refusals name the trigger and the field', () => {
  it('ALB: a missing method, a relative path, a non-string header, a null query value', () => {
    const noMethod = clone(albEvent) as Record<string, unknown>
    delete noMethod.httpMethod
    expect(shapeError(() => assertAlbEvent(noMethod))).toMatchObject({
      trigger: 'ALB',
      field: 'httpMethod',
      message: expect.stringContaining('httpMethod must be a non-empty string, but it is missing'),
    })
    expect(shapeError(() => assertAlbEvent({ ...(albEvent as object), path: 'x' })).field).toBe(
      'path',
    )
    const badHeader = clone(albEvent) as { headers: Record<string, unknown> }
    Object.assign(badHeader.headers, { constructor: 1 })
    expect(shapeError(() => assertAlbEvent(badHeader)).field).toBe('headers["constructor"]')
    expect(
      shapeError(() =>
        assertAlbEvent({ ...(albEvent as object), queryStringParameters: { a: null } }),
      ).field,
    ).toBe('queryStringParameters["a"]')
  })

  it('ALB: prototype-named headers with string values are ordinary headers', () => {
    const event = clone(albEvent) as { headers: Record<string, unknown> }
    Object.defineProperty(event.headers, '__proto__', { value: 'x', enumerable: true })
    Object.assign(event.headers, { constructor: 'y' })
    expect(() => assertAlbEvent(event)).not.toThrow()
  })

  it('SNS: {} and a record without Sns', () => {
    expect(shapeError(() => assertSnsEvent({}))).toMatchObject({
      trigger: 'SNS',
      field: 'Records',
    })
    const noSns = clone(snsEvent) as { Records: Record<string, unknown>[] }
    delete noSns.Records[0]?.Sns
    expect(shapeError(() => assertSnsEvent(noSns)).field).toBe('Records[0].Sns')
    const badAttribute = clone(snsEvent) as {
      Records: { Sns: { MessageAttributes: Record<string, unknown> } }[]
    }
    const attributes = badAttribute.Records[0]?.Sns.MessageAttributes ?? {}
    attributes.type = { Type: 'String' }
    expect(shapeError(() => assertSnsEvent(badAttribute)).field).toBe(
      'Records[0].Sns.MessageAttributes["type"].Value',
    )
  })

  it('CodePipeline: a job with an id but no data or no artifactCredentials keeps its id', () => {
    const noData = clone(jobEvent) as { 'CodePipeline.job': Record<string, unknown> }
    delete noData['CodePipeline.job'].data
    expect(shapeError(() => assertCodePipelineEvent(noData))).toMatchObject({
      trigger: 'CodePipeline',
      field: 'CodePipeline.job.data',
    })
    expect(codePipelineJobId(noData)).toBe(codePipelineJobId(jobEvent))
    expect(codePipelineJobId(jobEvent)).toMatch(/\S/)

    const noCredentials = clone(jobEvent) as {
      'CodePipeline.job': { data: Record<string, unknown> }
    }
    delete noCredentials['CodePipeline.job'].data.artifactCredentials
    expect(shapeError(() => assertCodePipelineEvent(noCredentials)).field).toBe(
      'CodePipeline.job.data.artifactCredentials',
    )
  })

  it('CodePipeline: no id is no id, whatever stands in its place', () => {
    for (const event of [
      null,
      {},
      { 'CodePipeline.job': null },
      { 'CodePipeline.job': { id: 7 } },
    ]) {
      expect(codePipelineJobId(event)).toBeUndefined()
    }
    // An inherited "id" is not the job's.
    expect(codePipelineJobId({ 'CodePipeline.job': Object.create({ id: 'inherited' }) })).toBe(
      undefined,
    )
  })

  it('EventBridge: resources must be strings, detail present', () => {
    expect(
      shapeError(() => assertEventBridgeEvent({ ...(tick as object), resources: [1] })).field,
    ).toBe('resources[0]')
    const noDetail = clone(tick) as Record<string, unknown>
    delete noDetail.detail
    expect(shapeError(() => assertEventBridgeEvent(noDetail))).toMatchObject({
      trigger: 'EventBridge',
      field: 'detail',
    })
  })

  it('never quotes the value: events carry credentials', () => {
    const leaked = clone(jobEvent) as {
      'CodePipeline.job': { data: { artifactCredentials: Record<string, unknown> } }
    }
    leaked['CodePipeline.job'].data.artifactCredentials.sessionToken = ['SECRET-TOKEN']
    const error = shapeError(() => assertCodePipelineEvent(leaked))
    expect(error.message).toContain('but it is an array of 1')
    expect(error.message).not.toContain('SECRET')
  })
})

describe('the SQS guard names the field', () => {
  const [, sqsEvent] = corpusEvents('sqs')[0] ?? []
  it.each([
    ['eventSource', 'aws:sns', 'Records[0].eventSource'],
    ['messageId', '', 'Records[0].messageId'],
    ['body', 5, 'Records[0].body'],
    [
      'attributes',
      { ApproximateReceiveCount: 1 },
      'Records[0].attributes["ApproximateReceiveCount"]',
    ],
    [
      'messageAttributes',
      { a: { stringValue: 'x' } },
      'Records[0].messageAttributes["a"].dataType',
    ],
  ])('%s set to %j', (key, value, field) => {
    const event = clone(sqsEvent) as { Records: Record<string, unknown>[] }
    const record = event.Records[0] as Record<string, unknown>
    record[key] = value
    expect(shapeError(() => assertSqsEvent(event))).toMatchObject({ trigger: 'SQS', field })
  })

  it('reads own fields only: a body inherited from a prototype is missing', () => {
    const event = clone(sqsEvent) as { Records: Record<string, unknown>[] }
    const record = event.Records[0] as Record<string, unknown>
    delete record.body
    event.Records[0] = Object.assign(Object.create({ body: 'inherited' }), record)
    expect(shapeError(() => assertSqsEvent(event)).field).toBe('Records[0].body')
  })
})
