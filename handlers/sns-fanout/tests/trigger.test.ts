import { describe, expect, it } from 'vitest'
import { declaration } from '../src/trigger.ts'

describe('trigger declaration', () => {
  it('subscribes to the topic without a filter policy, so no type is dropped before routing', () => {
    expect(declaration.invocationMode).toBe('async')
    expect(declaration.triggers).toEqual([
      {
        type: 'sns',
        topic: { ref: 'EventsTopic' },
        filterPolicyScope: 'MessageAttributes',
      },
    ])
    expect(declaration.asyncPolicy).toMatchObject({
      maximumRetryAttempts: 2,
      onFailure: { queue: { ref: 'FailuresQueue' } },
    })
  })
})
