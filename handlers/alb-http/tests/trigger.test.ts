import { matchAlbRoute, triggerOfType } from '@repo/triggers'
import { describe, expect, it } from 'vitest'
import { declaration } from '../src/trigger.ts'

describe('trigger declaration', () => {
  it('is an ALB trigger in multi-value mode, invoked synchronously', () => {
    expect(declaration.triggers.map((trigger) => trigger.type)).toEqual(['alb'])
    expect(declaration.invocationMode).toBe('sync')
    expect(triggerOfType(declaration, 'alb').multiValueHeaders).toBe(true)
  })

  it('forwards every route of the handler, with any method (so 405 comes from us)', () => {
    const trigger = triggerOfType(declaration, 'alb')
    for (const [method, path] of [
      ['GET', '/health'],
      ['POST', '/jobs'],
      ['GET', '/objects/a/b.png'],
      ['DELETE', '/jobs'],
      ['GET', '/jobs/6f1c2b9e-0b7a-4d4e-9f57-3d0c6a1e8b21'],
    ] as const) {
      expect(matchAlbRoute(trigger, { method, path })).toBeDefined()
    }
    expect(trigger.healthCheck?.path).toBe('/health')
  })

  it('declares the resources whose variables the config reads', () => {
    expect(
      declaration.resources.map((resource) => [resource.kind, resource.environmentVariable]),
    ).toEqual([
      ['queue', 'JOBS_QUEUE_URL'],
      ['table', 'JOBS_TABLE_NAME'],
      ['bucket', 'FILES_BUCKET'],
      ['table', 'IDEMPOTENCY_TABLE_NAME'],
    ])
  })
})
