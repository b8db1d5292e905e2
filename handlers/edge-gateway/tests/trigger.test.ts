import {
  defineHandler,
  edgeQuotaOf,
  type HandlerDeclarationInput,
  strictestEdgeQuota,
  TriggerValidationError,
  triggersOfType,
} from '@repo/triggers'
import { describe, expect, it } from 'vitest'
import { declaration } from '../src/trigger.ts'

describe('the edge-gateway declaration', () => {
  it('associates one function with the four event types, in CloudFront order', () => {
    expect(triggersOfType(declaration, 'cloudfront').map((trigger) => trigger.eventType)).toEqual([
      'viewer-request',
      'origin-request',
      'origin-response',
      'viewer-response',
    ])
    expect(declaration.invocationMode).toBe('sync')
  })

  it('fits the viewer quotas, the strictest of the four, with no environment', () => {
    const quota = strictestEdgeQuota(['viewer-request', 'origin-request'])
    expect(quota).toEqual(edgeQuotaOf('viewer-request'))
    expect(declaration.function.timeout).toBeLessThanOrEqual(quota.maxTimeoutSeconds)
    expect(declaration.function.memorySize).toBeLessThanOrEqual(quota.maxMemoryMb)
    expect(declaration.function.architecture).toBe('x86_64')
    expect(declaration.function.environment).toEqual({})
  })

  it('would be refused with the Lambda defaults a regional handler gets', () => {
    const input = {
      name: declaration.name,
      triggers: declaration.triggers,
    } as unknown as HandlerDeclarationInput
    expect(() => defineHandler(input)).toThrow(TriggerValidationError)
    try {
      defineHandler(input)
    } catch (error) {
      expect((error as TriggerValidationError).issues.map((issue) => issue.path)).toEqual([
        ['function', 'timeout'],
        ['function', 'memorySize'],
        ['function', 'architecture'],
      ])
    }
  })
})
