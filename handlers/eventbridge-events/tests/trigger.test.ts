import {
  listCorpus,
  loadCorpusEvent,
  pipelineExecutionStateChange,
  scheduledEvent,
  stageExecutionStateChange,
} from '@repo/shared'
import { type EventPattern, eventPatternMatches, nextTicks, triggersOfType } from '@repo/triggers'
import { describe, expect, it } from 'vitest'
import { classify } from '../src/events.ts'
import { declaration } from '../src/trigger.ts'

const rules = triggersOfType(declaration, 'eventbridge')
const schedule = rules.find((rule) => rule.schedule !== undefined)
const pattern = rules.find((rule) => rule.eventPattern !== undefined)
const matches = (event: unknown) =>
  eventPatternMatches(pattern?.eventPattern as EventPattern, event)

describe('trigger declaration', () => {
  it('is a valid async declaration with a daily schedule', () => {
    expect(declaration.invocationMode).toBe('async')
    expect(rules).toHaveLength(2)
    expect(schedule?.schedule).toBe('rate(1 day)')
    const ticks = nextTicks(schedule?.schedule ?? '', new Date('2024-01-01T00:00:00Z'), 2)
    expect(ticks.map((tick) => tick.toISOString())).toEqual([
      '2024-01-02T00:00:00.000Z',
      '2024-01-03T00:00:00.000Z',
    ])
  })

  it('selects exactly the end states of pipeline executions', () => {
    for (const state of ['FAILED', 'SUCCEEDED', 'STOPPED'] as const) {
      expect(matches(pipelineExecutionStateChange({ state })), state).toBe(true)
    }
    for (const state of ['STARTED', 'STOPPING', 'SUPERSEDED'] as const) {
      expect(matches(pipelineExecutionStateChange({ state })), state).toBe(false)
    }
    expect(matches(stageExecutionStateChange({ state: 'FAILED' }))).toBe(false)
    expect(matches(scheduledEvent())).toBe(false)
  })

  it('routes to the handler only corpus events it can classify', () => {
    for (const { file } of listCorpus('eventbridge-codepipeline')) {
      const event = loadCorpusEvent<Parameters<typeof classify>[0]>(file)
      if (matches(event)) expect(classify(event).kind, file).toBe('pipeline')
    }
  })
})
