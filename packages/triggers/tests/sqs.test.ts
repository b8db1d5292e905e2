import { describe, expect, it } from 'vitest'
import {
  deadLetterQueueName,
  defineHandler,
  defineTrigger,
  type HandlerDeclarationInput,
  invocationModeOf,
  sharedResourceName,
  TriggerValidationError,
} from '../src/index.ts'

const worker = (
  trigger: Record<string, unknown>,
  rest: Partial<HandlerDeclarationInput> = {},
): HandlerDeclarationInput => ({
  name: 'jobs-worker',
  triggers: [
    { type: 'sqs', queue: { ref: 'JobsQueue' }, visibilityTimeoutSeconds: 180, ...trigger },
  ] as HandlerDeclarationInput['triggers'],
  function: { timeout: 30 },
  ...rest,
})

const issuesOf = (build: () => unknown) => {
  try {
    build()
  } catch (error) {
    if (error instanceof TriggerValidationError) return error.issues
    throw error
  }
  throw new Error('expected a TriggerValidationError')
}

describe('sqs trigger', () => {
  it('applies the event source mapping defaults and the poll invocation mode', () => {
    const declaration = defineHandler(worker({}))
    expect(declaration.invocationMode).toBe('poll')
    expect(declaration.asyncPolicy).toBeUndefined()
    expect(declaration.triggers[0]).toEqual({
      type: 'sqs',
      queue: { ref: 'JobsQueue' },
      fifo: false,
      batchSize: 10,
      maximumBatchingWindowInSeconds: 0,
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
    })
    expect(invocationModeOf({ type: 'sqs' })).toBe('poll')
  })

  it('refuses a visibility timeout under 6 × the function timeout, and accepts exactly 6 ×', () => {
    expect(issuesOf(() => defineHandler(worker({ visibilityTimeoutSeconds: 179 })))).toEqual([
      {
        path: ['triggers', 0, 'visibilityTimeoutSeconds'],
        message: expect.stringContaining('use at least 180'),
      },
    ])
    expect(() => defineHandler(worker({ visibilityTimeoutSeconds: 180 }))).not.toThrow()
  })

  it('checks the rule against the default function timeout (30 s) when none is declared', () => {
    const issues = issuesOf(() =>
      defineHandler({ ...worker({ visibilityTimeoutSeconds: 60 }), function: undefined }),
    )
    expect(issues[0]?.message).toContain('use at least 180')
  })

  it('refuses an async policy: retries come from the queue', () => {
    const issues = issuesOf(() =>
      defineHandler(worker({}, { asyncPolicy: { maximumRetryAttempts: 0 } })),
    )
    expect(issues).toEqual([
      { path: ['asyncPolicy'], message: expect.stringContaining('maxReceiveCount') },
    ])
  })

  it('refuses mixing an sqs trigger with an async trigger', () => {
    const declaration = worker({})
    const issues = issuesOf(() =>
      defineHandler({
        ...declaration,
        triggers: [...declaration.triggers, { type: 'eventbridge', schedule: 'rate(1 hour)' }],
      }),
    )
    expect(issues[0]?.message).toContain('through an event source mapping')
  })

  it.each([
    [{ batchSize: 0 }, 'batchSize', 'batchSize is 1-10000'],
    [{ batchSize: 10_001 }, 'batchSize', 'batchSize is 1-10000'],
    [{ batchSize: 2.5 }, 'batchSize', 'whole number'],
    [{ maximumBatchingWindowInSeconds: 301 }, 'maximumBatchingWindowInSeconds', '0-300'],
    [{ maximumConcurrency: 1 }, 'maximumConcurrency', '2-1000'],
    [{ maxReceiveCount: 0 }, 'maxReceiveCount', '1-1000'],
    [{ visibilityTimeoutSeconds: 43_201 }, 'visibilityTimeoutSeconds', '0-43200'],
    [{ batchSize: 100 }, 'maximumBatchingWindowInSeconds', 'must be at least 1'],
    [{ fifo: true, batchSize: 11, maximumBatchingWindowInSeconds: 0 }, 'batchSize', 'FIFO'],
    [{ fifo: true, maximumBatchingWindowInSeconds: 5 }, 'maximumBatchingWindowInSeconds', 'FIFO'],
    [{ queue: { name: 'jobs.fifo' } }, 'fifo', 'set fifo: true'],
    [{ queue: { name: 'jobs' }, fifo: true }, 'fifo', 'standard queue'],
    [{ queue: { name: 'bad name' } }, 'queue', 'not a valid queue name'],
    [{ reportBatchItemFailures: false }, '', 'reportBatchItemFailures'],
  ])('refuses %j on %s', (override, field, message) => {
    const issues = issuesOf(() => defineTrigger({ ...worker(override).triggers[0] } as never))
    expect(issues).toContainEqual({
      path: field === '' ? ['trigger'] : expect.arrayContaining(['trigger', field]),
      message: expect.stringContaining(message),
    })
  })

  it('accepts a large standard batch with a window, and a FIFO queue by name', () => {
    expect(() =>
      defineTrigger({
        type: 'sqs',
        queue: { ref: 'Q' },
        batchSize: 10_000,
        maximumBatchingWindowInSeconds: 1,
        visibilityTimeoutSeconds: 60,
      }),
    ).not.toThrow()
    expect(() =>
      defineTrigger({
        type: 'sqs',
        queue: { name: 'orders.fifo' },
        fifo: true,
        visibilityTimeoutSeconds: 60,
      }),
    ).not.toThrow()
  })
})

describe('shared resources', () => {
  it('names a shared ref <handler>-<kebab-ref>, with .fifo for a FIFO queue', () => {
    expect(sharedResourceName('jobs-worker', 'JobsQueue')).toBe('jobs-worker-jobs-queue')
    expect(sharedResourceName('jobs-worker', 'JobsQueue', { fifo: true })).toBe(
      'jobs-worker-jobs-queue.fifo',
    )
    expect(sharedResourceName('a', 'DLQTable')).toBe('a-dlq-table')
  })

  it('names the dead-letter queue <queue>-dlq, keeping .fifo last', () => {
    expect(deadLetterQueueName('jobs-worker-jobs-queue')).toBe('jobs-worker-jobs-queue-dlq')
    expect(deadLetterQueueName('orders.fifo')).toBe('orders-dlq.fifo')
  })

  it('refuses shared on a resource used by name', () => {
    const issues = issuesOf(() =>
      defineHandler(
        worker({}, { resources: [{ kind: 'table', name: 'jobs', access: 'read', shared: true }] }),
      ),
    )
    expect(issues).toEqual([{ path: ['resources', 0, 'shared'], message: expect.any(String) }])
  })

  it('refuses shared on a bucket: S3 names are global', () => {
    const issues = issuesOf(() =>
      defineHandler(
        worker(
          {},
          { resources: [{ kind: 'bucket', ref: 'Results', access: 'write', shared: true }] },
        ),
      ),
    )
    expect(issues).toEqual([
      { path: ['resources', 0, 'shared'], message: expect.stringContaining('global') },
    ])
  })

  it('refuses a shared name the service would not accept', () => {
    const issues = issuesOf(() =>
      defineHandler(worker({ queue: { ref: `Q${'a'.repeat(80)}` } }, { name: 'jobs-worker' })),
    )
    expect(issues).toEqual([
      {
        path: ['triggers', 0, 'queue', 'ref'],
        message: expect.stringContaining('not a valid queue name'),
      },
    ])
  })
})
