import { sharedResourceName } from '@repo/triggers'
import { describe, expect, it } from 'vitest'
import { declaration } from '../src/trigger.ts'

describe('trigger declaration', () => {
  it('polls the jobs queue: batches of 10 within 1 s, at most 5 at once, DLQ after 3 receives', () => {
    expect(declaration.invocationMode).toBe('poll')
    expect(declaration.asyncPolicy).toBeUndefined()
    expect(declaration.triggers).toEqual([
      {
        type: 'sqs',
        queue: { ref: 'JobsQueue' },
        fifo: false,
        batchSize: 10,
        maximumBatchingWindowInSeconds: 1,
        maximumConcurrency: 5,
        visibilityTimeoutSeconds: 180,
        maxReceiveCount: 3,
      },
    ])
  })

  it('tells the function the same receive budget the queue has', () => {
    const [trigger] = declaration.triggers
    expect(trigger?.type === 'sqs' && String(trigger.maxReceiveCount)).toBe(
      declaration.function.environment.MAX_RECEIVE_COUNT,
    )
  })

  it('gives the queue and the jobs table the names alb-http declares', () => {
    expect(sharedResourceName(declaration.name, 'JobsQueue')).toBe('jobs-worker-jobs-queue')
    expect(sharedResourceName(declaration.name, 'JobsTable')).toBe('jobs-worker-jobs-table')
    expect(declaration.resources.find((resource) => resource.ref === 'JobsTable')?.shared).toBe(
      true,
    )
  })
})
