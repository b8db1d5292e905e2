import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { MemoryStore } from '@repo/idempotency'
import {
  listCorpus,
  loadCorpusEvent,
  pipelineExecutionStateChange,
  scheduledEvent,
  stageExecutionStateChange,
} from '@repo/shared'
import { createContext, invoke } from '@repo/shared/harness'
import { describe, expect, it } from 'vitest'
import { MalformedEventError, UnsupportedEventError } from '../src/errors.ts'
import { classify, type IncomingEvent, idempotencyKeyOf } from '../src/events.ts'
import { createHandler } from '../src/handler.ts'
import { cutoffFor } from '../src/housekeeping.ts'

const context = createContext()

import { consoleUrlFor } from '../src/pipeline-notification.ts'
import { reportKeyFor } from '../src/report.ts'
import { testConfig } from './support/test-config.ts'

describe('classify', () => {
  it('reads every scheduled event in the corpus as a tick of its rule', () => {
    const files = listCorpus('eventbridge-scheduled').map((entry) => entry.file)
    const ticks = files
      .map((file) => loadCorpusEvent<IncomingEvent>(file))
      .filter((event) => event['detail-type'] === 'Scheduled Event')
    expect(ticks.length).toBeGreaterThanOrEqual(4)
    for (const event of ticks) {
      expect(classify(event)).toEqual({
        kind: 'schedule',
        rule: event.resources[0],
        time: event.time,
      })
      // The default key for a scheduled event: the tick, whatever the delivery's id.
      expect(idempotencyKeyOf(event, context)).toBe(`eb:tick:${event.resources[0]}@${event.time}`)
      expect(idempotencyKeyOf({ ...event, id: 'replayed' }, context)).toBe(
        idempotencyKeyOf(event, context),
      )
    }
  })

  it('names what arrived when the detail type is not handled', () => {
    const rds = loadCorpusEvent<IncomingEvent>(
      'awsdocs-lambda-dg__eventbridge-scheduled__services-cloudwatchevents-scheduled',
    )
    expect(() => classify(rds)).toThrow(UnsupportedEventError)
    expect(() => classify(rds)).toThrow('source "aws.rds", detail-type "RDS DB Instance Event"')
    const ec2 = loadCorpusEvent<IncomingEvent>('powertools-ts__eventbridge__base')
    expect(() => classify(ec2)).toThrow('detail-type "EC2 Instance State-change Notification"')
    // A stage change is CodePipeline too, but not the execution change the rule selects.
    expect(() => classify(stageExecutionStateChange())).toThrow(UnsupportedEventError)
  })

  it('refuses a tick without a rule or a readable time', () => {
    expect(() => classify({ ...scheduledEvent(), resources: [] })).toThrow(MalformedEventError)
    expect(() => classify({ ...scheduledEvent(), time: 'yesterday' })).toThrow(MalformedEventError)
  })

  it('refuses values AWS never writes before they reach a URL, a message attribute or a key', () => {
    const change = (detail: Record<string, unknown>, envelope: Record<string, unknown> = {}) => ({
      ...pipelineExecutionStateChange({ state: 'FAILED' }),
      ...envelope,
      detail: { ...pipelineExecutionStateChange({ state: 'FAILED' }).detail, ...detail },
    })
    expect(() => classify(change({}))).not.toThrow()
    for (const bad of [
      change({ pipeline: 'a\u0000b' }),
      change({ pipeline: 'my pipe' }),
      change({ 'execution-id': '\uD800' }),
      change({}, { region: '../evil' }),
      change({}, { time: '2024-01-01' }),
    ]) {
      expect(() => classify(bad), JSON.stringify(bad)).toThrow(MalformedEventError)
    }
    expect(() => classify({ ...scheduledEvent(), resources: ['arn:aws:events:x y'] })).toThrow(
      MalformedEventError,
    )
    expect(() => classify({ ...scheduledEvent(), time: '-271821-04-20T00:00:00Z' })).toThrow(
      MalformedEventError,
    )
  })

  it('checks the envelope before the idempotency key is read: a typed error, not a TypeError', async () => {
    const handler = createHandler({
      config: testConfig(),
      s3: new S3Client({ region: 'us-east-1' }),
      sqs: new SQSClient({ region: 'us-east-1' }),
      store: new MemoryStore(),
    })
    const run = await invoke(handler, { ...scheduledEvent(), resources: null } as never)
    expect(run.status === 'error' && run.error).toMatchObject({
      errorType: 'EventShapeError',
      errorMessage: expect.stringContaining('resources must be an array'),
    })
  })

  it('fails the invocation with the typed error, so the bad rule shows in the destination', async () => {
    const handler = createHandler({
      config: testConfig(),
      s3: new S3Client({ region: 'us-east-1' }),
      sqs: new SQSClient({ region: 'us-east-1' }),
      store: new MemoryStore(),
    })
    const run = await invoke(
      handler,
      loadCorpusEvent<IncomingEvent>('powertools-ts__eventbridge__base'),
    )
    expect(run.status === 'error' && run.error.errorType).toBe('UnsupportedEventError')
  })
})

describe('derived values', () => {
  it('links to the execution timeline, escaping names', () => {
    expect(consoleUrlFor({ pipeline: 'my pipe', executionId: 'e/1', region: 'eu-west-1' })).toBe(
      'https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/my%20pipe/executions/e%2F1/timeline?region=eu-west-1',
    )
  })

  it('measures age from the scheduled time and names the report by its UTC date', () => {
    const tick = { kind: 'schedule', rule: 'r', time: '2024-03-10T00:00:00Z' } as const
    expect(cutoffFor(tick, 7).toISOString()).toBe('2024-03-03T00:00:00.000Z')
    expect(reportKeyFor('reports/', tick)).toBe('reports/2024-03-10.json')
  })
})
