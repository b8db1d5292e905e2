import { createLogger, withRequestId } from '@repo/runtime'
import { describe, expect, it } from 'vitest'
import { invoke } from '../../src/harness/index.ts'

describe('invoke captures the shared logger', () => {
  it("keeps each invocation's lines, with their levels and its request id", async () => {
    const logger = createLogger({ env: {} })
    const handler = withRequestId(async (event: { name: string }) => {
      logger.info('hello', { name: event.name })
      await new Promise((resolve) => setTimeout(resolve, 5))
      logger.warn('careful', { name: event.name })
      return 'ok'
    })
    const [first, second] = await Promise.all([
      invoke(handler, { name: 'first' }),
      invoke(handler, { name: 'second' }),
    ])
    for (const [result, name] of [
      [first, 'first'],
      [second, 'second'],
    ] as const) {
      expect(result?.logs.map((log) => log.level)).toEqual(['INFO', 'WARN'])
      expect(result?.logs.map((log) => JSON.parse(log.message))).toEqual([
        expect.objectContaining({ message: 'hello', name, requestId: result?.awsRequestId }),
        expect.objectContaining({ message: 'careful', name, requestId: result?.awsRequestId }),
      ])
    }
  })
})
