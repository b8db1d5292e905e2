import { invokeAsync } from '@repo/shared/harness'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

/** Where the retries of an always-failing handler land, from Lambda's documented rules. */
const expectedOffsets = (retries: number, maxAgeSeconds: number): number[] =>
  [0, 60_000, 180_000].slice(0, retries + 1).filter((offset) => offset <= maxAgeSeconds * 1000)

describe('invokeAsync schedule (property)', () => {
  it('attempts, condition and invoke count agree with the policy for any valid policy', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 60, max: 21_600 }),
        async (retries, maxAge) => {
          const report = await invokeAsync(
            async () => {
              throw new Error('always')
            },
            {},
            { maximumRetryAttempts: retries, maximumEventAgeInSeconds: maxAge },
          )
          const offsets = expectedOffsets(retries, maxAge)

          expect(report.attempts.map((attempt) => attempt.offsetMs)).toEqual(offsets)
          expect(report.destinationRecord.requestContext.approximateInvokeCount).toBe(
            offsets.length,
          )
          expect(report.condition).toBe(
            offsets.length < retries + 1 ? 'EventAgeExceeded' : 'RetriesExhausted',
          )
          expect(
            new Set(report.attempts.map((attempt) => attempt.invocation.awsRequestId)).size,
          ).toBe(1)
        },
      ),
      { numRuns: 60 },
    )
  })
})
