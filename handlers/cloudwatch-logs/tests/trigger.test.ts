import { expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { declaration } from '../src/trigger.ts'

it('declares an asynchronous log subscription with an on-failure queue', () => {
  expect(declaration.triggers.map((trigger) => trigger.type)).toEqual(['cloudwatch-logs'])
  expect(declaration.invocationMode).toBe('async')
  expect(declaration.asyncPolicy?.onFailure).toBeDefined()
})

it('provides every variable the handler reads at cold start', () => {
  const values: Record<string, string> = {
    ARCHIVE_BUCKET: 'log-archive',
    ALERTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/alerts',
    IDEMPOTENCY_TABLE_NAME: 'idempotency',
  }
  const environment: Record<string, string> = { ...declaration.function.environment }
  for (const resource of declaration.resources) {
    if (resource.environmentVariable)
      environment[resource.environmentVariable] = values[resource.environmentVariable] ?? ''
  }
  expect(loadConfig(environment)).toMatchObject({ archiveBucket: 'log-archive' })
})
