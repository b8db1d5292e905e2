import { triggerOfType } from '@repo/triggers'
import { expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { summaryKeyFor } from '../src/summary-key.ts'
import { declaration } from '../src/trigger.ts'
import { TRIGGER_PREFIX, TRIGGER_SUFFIX } from '../src/trigger-filter.ts'

it('declares an asynchronous S3 trigger with an on-failure queue', () => {
  expect(declaration.triggers.map((trigger) => trigger.type)).toEqual(['s3'])
  expect(declaration.invocationMode).toBe('async')
  expect(declaration.asyncPolicy?.onFailure).toEqual({ queue: { ref: 'S3ObjectsFailures' } })
})

it('filters on the prefix and suffix the Lambda entry reads without loading the declaration', () => {
  expect(triggerOfType(declaration, 's3').filter).toEqual({
    prefix: TRIGGER_PREFIX,
    suffix: TRIGGER_SUFFIX,
  })
})

it('keeps summary keys outside the trigger filter, so a summary never invokes the function', () => {
  const { filter } = triggerOfType(declaration, 's3')
  const summaryKey = summaryKeyFor(loadConfig(environment()).summaryPrefix, 'incoming/a b.csv')
  expect(summaryKey).toBe('processed/incoming/a b.csv.summary.json')
  expect(
    summaryKey.startsWith(filter?.prefix ?? '') && summaryKey.endsWith(filter?.suffix ?? ''),
  ).toBe(false)
})

/** What the deploy stack sets: the declaration's variables, each given a valid value. */
const environment = (): Record<string, string> => {
  const values: Record<string, string> = {
    RESULTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/results',
    IDEMPOTENCY_TABLE_NAME: 'idempotency',
  }
  const env: Record<string, string> = { ...declaration.function.environment }
  for (const resource of declaration.resources)
    if (resource.environmentVariable)
      env[resource.environmentVariable] = values[resource.environmentVariable] ?? ''
  return env
}

it('provides every variable the handler reads at cold start', () => {
  expect(loadConfig(environment())).toMatchObject({ idempotencyTableName: 'idempotency' })
})
