import { describe, expect, it } from 'vitest'
import {
  defineHandler,
  defineTrigger,
  type HandlerDeclarationInput,
  invocationModeOf,
  serializeUserParameters,
  snsMessageMatches,
  TriggerValidationError,
  triggerOfType,
  triggersOfType,
} from '../src/index.ts'

const issuesOf = (declaration: HandlerDeclarationInput) => {
  try {
    defineHandler(declaration)
  } catch (error) {
    if (error instanceof TriggerValidationError) return error.issues
    throw error
  }
  throw new Error('expected a TriggerValidationError')
}
const messages = (declaration: HandlerDeclarationInput) =>
  issuesOf(declaration)
    .map((issue) => issue.message)
    .join('\n')

const snsHandler: HandlerDeclarationInput = {
  name: 'sns-fanout',
  triggers: [
    {
      type: 'sns',
      topic: { ref: 'OrdersTopic' },
      filterPolicy: { event: ['order_placed'] },
    },
  ],
}

describe('defineHandler', () => {
  it('applies AWS defaults to an async trigger and says how it is invoked', () => {
    const handler = defineHandler(snsHandler)
    expect(handler.invocationMode).toBe('async')
    expect(handler.asyncPolicy).toEqual({
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 21_600,
    })
    expect(handler.function).toEqual({
      memorySize: 256,
      timeout: 30,
      architecture: 'arm64',
      environment: {},
    })
    const trigger = triggerOfType(handler, 'sns')
    expect(trigger).toMatchObject({ filterPolicyScope: 'MessageAttributes' })
    // A frozen declaration feeds the matchers directly, as the local runner does.
    const { filterPolicy, filterPolicyScope } = trigger
    const placed = { MessageAttributes: { event: { Type: 'String', Value: 'order_placed' } } }
    expect(snsMessageMatches(filterPolicy, filterPolicyScope, placed)).toBe(true)
    expect(handler.resources).toEqual([])
  })

  it('returns a deeply frozen copy, leaving the input alone', () => {
    const input = structuredClone(snsHandler)
    const handler = defineHandler(input)
    expect(Object.isFrozen(handler)).toBe(true)
    expect(Object.isFrozen(handler.triggers[0])).toBe(true)
    expect(Object.isFrozen(handler.asyncPolicy)).toBe(true)
    expect(Object.isFrozen(input.triggers[0])).toBe(false)
  })

  it('keeps a full async policy with an on-failure queue', () => {
    const handler = defineHandler({
      ...snsHandler,
      asyncPolicy: {
        maximumRetryAttempts: 0,
        maximumEventAgeInSeconds: 60,
        onFailure: { queue: { ref: 'FailuresQueue' } },
      },
    })
    expect(handler.asyncPolicy).toEqual({
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 60,
      onFailure: { queue: { ref: 'FailuresQueue' } },
    })
  })

  it.each([
    [{ maximumRetryAttempts: 3 }, 'maximumRetryAttempts', 'maximumRetryAttempts is 0-2'],
    [{ maximumRetryAttempts: -1 }, 'maximumRetryAttempts', 'maximumRetryAttempts is 0-2'],
    [{ maximumEventAgeInSeconds: 59 }, 'maximumEventAgeInSeconds', '60-21600'],
    [{ maximumEventAgeInSeconds: 21_601 }, 'maximumEventAgeInSeconds', '60-21600'],
  ])('rejects async policy %j with the field path', (asyncPolicy, field, message) => {
    const [issue] = issuesOf({ ...snsHandler, asyncPolicy })
    expect(issue?.path).toEqual(['asyncPolicy', field])
    expect(issue?.message).toContain(message)
  })

  it('rejects a bad on-failure queue name', () => {
    const [issue] = issuesOf({
      ...snsHandler,
      asyncPolicy: { onFailure: { queue: { name: 'bad queue' } } },
    })
    expect(issue?.path).toEqual(['asyncPolicy', 'onFailure', 'queue', 'name'])
  })

  it('rejects an async policy on a synchronous ALB trigger', () => {
    const [issue] = issuesOf({
      name: 'alb-http',
      triggers: [{ type: 'alb', routes: [{ priority: 1, pathPatterns: ['/*'] }] }],
      asyncPolicy: { maximumRetryAttempts: 0 },
    })
    expect(issue?.path).toEqual(['asyncPolicy'])
    expect(issue?.message).toContain('synchronously')
  })

  it('leaves the async policy out for ALB', () => {
    const handler = defineHandler({
      name: 'alb-http',
      triggers: [{ type: 'alb', routes: [{ priority: 1, pathPatterns: ['/*'] }] }],
    })
    expect(handler.invocationMode).toBe('sync')
    expect(handler.asyncPolicy).toBeUndefined()
  })

  it.each([
    [{ timeout: 901 }, 'timeout', 'at most 900 seconds'],
    [{ memorySize: 64 }, 'memorySize', '128-10240'],
    [{ environment: { AWS_REGION: 'eu-west-1' } }, 'environment', 'reserved'],
    [{ environment: { '1BAD': 'x' } }, 'environment', 'start with a letter'],
    [{ environment: { BIG: 'x'.repeat(5000) } }, 'environment', '4 KB'],
  ])('rejects function settings %j', (settings, field, message) => {
    const [issue] = issuesOf({ ...snsHandler, function: settings })
    expect(issue?.path.slice(0, 2)).toEqual(['function', field])
    expect(issue?.message).toContain(message)
  })

  it('records the resources the handler touches', () => {
    const handler = defineHandler({
      ...snsHandler,
      resources: [
        {
          kind: 'table',
          ref: 'IdempotencyTable',
          access: 'read-write',
          environmentVariable: 'IDEMPOTENCY_TABLE',
        },
        { kind: 'queue', name: 'orders.fifo', access: 'write' },
      ],
    })
    expect(handler.resources.map((resource) => resource.access)).toEqual(['read-write', 'write'])
    expect(messages({ ...snsHandler, resources: [{ kind: 'bucket', access: 'read' }] })).toContain(
      'exactly one of "name"',
    )
    expect(
      messages({
        ...snsHandler,
        resources: [{ kind: 'queue', ref: 'Q', access: 'admin' as 'read' }],
      }),
    ).toContain('access is "read", "write" or "read-write"')
  })

  it('rejects unknown keys (typos) and unknown trigger types', () => {
    expect(messages({ ...snsHandler, asyncPolicy: { maxRetries: 1 } as never })).toContain(
      'maxRetries',
    )
    expect(messages({ name: 'x', triggers: [{ type: 'kinesis' }] as never })).toContain(
      'type must be one of alb, s3',
    )
  })

  it('lists every problem in one error, each with its path', () => {
    const issues = issuesOf({
      name: 'bad name!',
      triggers: [{ type: 'sns', topic: { ref: 'OrdersTopic' } }],
      function: { timeout: 1000 },
    })
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['name', 'function.timeout'])
  })
})

describe('EventBridge trigger', () => {
  it('accepts a schedule or an event pattern', () => {
    expect(
      defineTrigger({ type: 'eventbridge', schedule: 'cron(0 12 ? * MON-FRI *)' }).eventBusName,
    ).toBe('default')
    expect(
      defineTrigger({ type: 'eventbridge', eventPattern: { source: ['aws.codepipeline'] } })
        .eventPattern,
    ).toEqual({
      source: ['aws.codepipeline'],
    })
  })

  it('needs exactly one of schedule and eventPattern', () => {
    expect(() => defineTrigger({ type: 'eventbridge' })).toThrow(/either schedule/)
    expect(() =>
      defineTrigger({
        type: 'eventbridge',
        schedule: 'rate(1 hour)',
        eventPattern: { source: ['x'] },
      }),
    ).toThrow(/not both/)
  })

  it('reports a malformed schedule at trigger.schedule', () => {
    try {
      defineTrigger({ type: 'eventbridge', schedule: 'rate(1 hours)' })
      expect.unreachable()
    } catch (error) {
      expect((error as TriggerValidationError).path).toEqual(['trigger', 'schedule'])
      expect((error as TriggerValidationError).message).toContain(
        'trigger.schedule: AWS requires the singular unit',
      )
    }
  })

  it('reports a malformed event pattern at its field', () => {
    try {
      defineTrigger({ type: 'eventbridge', eventPattern: { detail: { state: 'FAILED' } } })
      expect.unreachable()
    } catch (error) {
      expect((error as TriggerValidationError).path).toEqual([
        'trigger',
        'eventPattern',
        'detail',
        'state',
      ])
    }
  })

  it('keeps schedules on the default bus', () => {
    expect(() =>
      defineTrigger({ type: 'eventbridge', schedule: 'rate(1 hour)', eventBusName: 'orders' }),
    ).toThrow(/default event bus/)
  })
})

describe('SNS trigger', () => {
  it('validates the filter policy under its scope', () => {
    expect(() =>
      defineTrigger({
        type: 'sns',
        topic: { name: 'orders' },
        filterPolicy: { order: { total: [1] } },
      }),
    ).toThrow(/trigger\.filterPolicy\.order: SNS attribute-based filter policies cannot nest/)
    expect(
      defineTrigger({
        type: 'sns',
        topic: { name: 'orders' },
        filterPolicy: { order: { total: [1] } },
        filterPolicyScope: 'MessageBody',
      }).filterPolicyScope,
    ).toBe('MessageBody')
  })

  it('rejects an unknown scope', () => {
    expect(() =>
      defineTrigger({
        type: 'sns',
        topic: { name: 'orders' },
        filterPolicyScope: 'Body' as 'MessageBody',
      }),
    ).toThrow(/MessageAttributes/)
  })
})

describe('CodePipeline trigger', () => {
  const action = {
    type: 'codepipeline',
    pipelineName: 'release',
    stageName: 'Deploy',
    actionName: 'Notify',
  } as const

  it('fills in category Invoke and provider Lambda', () => {
    expect(defineTrigger(action)).toMatchObject({
      category: 'Invoke',
      provider: 'Lambda',
      runOrder: 1,
    })
    expect(invocationModeOf(action)).toBe('async')
  })

  it('serializes object user parameters to the string the handler receives', () => {
    const trigger = defineTrigger({ ...action, userParameters: { environment: 'prod' } })
    expect(serializeUserParameters(trigger)).toBe('{"environment":"prod"}')
    expect(serializeUserParameters(defineTrigger({ ...action, userParameters: 'plain' }))).toBe(
      'plain',
    )
  })

  it('rejects other categories, bad names and oversized parameters', () => {
    expect(() => defineTrigger({ ...action, category: 'Build' as 'Invoke' })).toThrow(
      /category "Invoke"/,
    )
    expect(() => defineTrigger({ ...action, stageName: 'Deploy stage' })).toThrow(
      /trigger\.stageName/,
    )
    expect(() => defineTrigger({ ...action, userParameters: 'x'.repeat(1001) })).toThrow(
      /at most 1000 characters/,
    )
  })
})

describe('CloudWatch Logs trigger', () => {
  it('accepts a log group, a filter name and a pattern (empty by default)', () => {
    const trigger = defineTrigger({
      type: 'cloudwatch-logs',
      logGroup: { name: '/aws/lambda/orders' },
      filterName: 'errors',
    })
    expect(trigger.filterPattern).toBe('')
  })

  it.each([
    [{ filterPattern: 'x'.repeat(1025) }, 'trigger.filterPattern', 'at most 1024'],
    [{ filterName: 'a:b' }, 'trigger.filterName', 'without ":" or "*"'],
    [{ logGroup: { name: 'bad group' } }, 'trigger.logGroup.name', 'log group names'],
  ])('rejects %j', (override, path, message) => {
    expect(() =>
      defineTrigger({
        type: 'cloudwatch-logs',
        logGroup: { name: '/aws/lambda/orders' },
        filterName: 'errors',
        ...override,
      }),
    ).toThrow(`${path}: `)
    expect(() =>
      defineTrigger({
        type: 'cloudwatch-logs',
        logGroup: { name: '/aws/lambda/orders' },
        filterName: 'errors',
        ...override,
      }),
    ).toThrow(message)
  })
})

describe('several triggers on one handler', () => {
  const schedule = { type: 'eventbridge', schedule: 'rate(1 day)' } as const
  const pattern = { type: 'eventbridge', eventPattern: { source: ['aws.codepipeline'] } } as const

  it('keeps every trigger, in order, and finds them by type', () => {
    const handler = defineHandler({ name: 'events', triggers: [schedule, pattern] })
    expect(handler.triggers).toMatchObject([schedule, pattern])
    expect(triggersOfType(handler, 'eventbridge')).toHaveLength(2)
    expect(() => triggerOfType(handler, 'eventbridge')).toThrow(
      /exactly one eventbridge trigger, found 2/,
    )
    expect(() => triggerOfType(handler, 's3')).toThrow(/found 0/)
  })

  it('rejects an empty list and a mix of synchronous and asynchronous triggers', () => {
    expect(messages({ name: 'none', triggers: [] })).toContain('at least one trigger')
    const [issue] = issuesOf({
      name: 'mixed',
      triggers: [schedule, { type: 'alb', routes: [{ priority: 1, pathPatterns: ['/*'] }] }],
    })
    expect(issue?.path).toEqual(['triggers', 1])
    expect(issue?.message).toContain('one invocation mode')
  })
})
