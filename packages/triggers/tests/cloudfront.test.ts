import { describe, expect, it } from 'vitest'
import {
  defineHandler,
  defineTrigger,
  edgeBundleIssue,
  type HandlerDeclarationInput,
  isDisallowedHeader,
  isReadOnlyHeader,
  strictestEdgeQuota,
  TriggerValidationError,
} from '../src/index.ts'

const allFour = [
  { type: 'cloudfront', eventType: 'viewer-request' },
  { type: 'cloudfront', eventType: 'origin-request' },
  { type: 'cloudfront', eventType: 'origin-response' },
  { type: 'cloudfront', eventType: 'viewer-response' },
] as const

const edge = (
  functionSettings: NonNullable<HandlerDeclarationInput['function']> = {},
  rest: Partial<HandlerDeclarationInput> = {},
): HandlerDeclarationInput => ({
  name: 'edge-gateway',
  triggers: [...allFour],
  function: { architecture: 'x86_64', memorySize: 128, timeout: 5, ...functionSettings },
  ...rest,
})

const issuesOf = (build: () => unknown) => {
  try {
    build()
  } catch (error) {
    if (error instanceof TriggerValidationError) return error.issues
    throw error
  }
  return []
}

describe('a Lambda@Edge declaration', () => {
  it('is accepted within the viewer limits, invoked synchronously, without an async policy', () => {
    const declaration = defineHandler(edge())
    expect(declaration.invocationMode).toBe('sync')
    expect(declaration.asyncPolicy).toBeUndefined()
    expect(declaration.triggers.map((trigger) => trigger.type)).toEqual(Array(4).fill('cloudfront'))
  })

  it('is refused with environment variables, naming each one', () => {
    expect(issuesOf(() => defineHandler(edge({ environment: { TABLE: 't', MODE: 'x' } })))).toEqual(
      [
        {
          path: ['function', 'environment', 'TABLE'],
          message: expect.stringContaining('no environment variables'),
        },
        {
          path: ['function', 'environment', 'MODE'],
          message: expect.stringContaining('no environment variables'),
        },
      ],
    )
  })

  it('is refused when a resource is wired to an environment variable', () => {
    const issues = issuesOf(() =>
      defineHandler(
        edge(
          {},
          {
            resources: [
              { kind: 'table', ref: 'Table', access: 'read', environmentVariable: 'TABLE_NAME' },
            ],
          },
        ),
      ),
    )
    expect(issues.map((issue) => issue.path)).toEqual([['resources', 0, 'environmentVariable']])
  })

  it('is refused on arm64, which Lambda@Edge does not run (the Lambda default here)', () => {
    expect(issuesOf(() => defineHandler(edge({ architecture: 'arm64' })))).toEqual([
      { path: ['function', 'architecture'], message: expect.stringContaining('x86_64') },
    ])
    expect(
      issuesOf(() => defineHandler({ ...edge(), function: { memorySize: 128, timeout: 5 } })),
    ).toEqual([{ path: ['function', 'architecture'], message: expect.any(String) }])
  })

  it('is refused with a timeout over 5 s or memory over 128 MB when a viewer event is associated', () => {
    expect(issuesOf(() => defineHandler(edge({ timeout: 6, memorySize: 129 })))).toEqual([
      {
        path: ['function', 'timeout'],
        message: expect.stringContaining('at most 5 seconds'),
      },
      {
        path: ['function', 'memorySize'],
        message: expect.stringContaining('at most 128 MB'),
      },
    ])
  })

  it('allows origin events up to 30 s and Lambda memory, and refuses 31 s', () => {
    const origin = (timeout: number) =>
      edge(
        { timeout, memorySize: 1024 },
        { triggers: [allFour[1], allFour[2]] as HandlerDeclarationInput['triggers'] },
      )
    expect(issuesOf(() => defineHandler(origin(30)))).toEqual([])
    expect(issuesOf(() => defineHandler(origin(31)))).toEqual([
      { path: ['function', 'timeout'], message: expect.stringContaining('at most 30 seconds') },
    ])
  })

  it('is refused with an event type declared twice or a regional trigger beside it', () => {
    const issues = issuesOf(() =>
      defineHandler(
        edge(
          {},
          {
            triggers: [
              allFour[0],
              allFour[0],
              { type: 'alb', routes: [{ priority: 1, pathPatterns: ['/x'] }] },
            ] as HandlerDeclarationInput['triggers'],
          },
        ),
      ),
    )
    expect(issues.map((issue) => issue.path)).toEqual([
      ['triggers', 2],
      ['triggers', 1, 'eventType'],
    ])
  })

  it('refuses includeBody on a response event and an unknown event type', () => {
    expect(
      issuesOf(() =>
        defineTrigger({ type: 'cloudfront', eventType: 'origin-response', includeBody: true }),
      ).map((issue) => issue.path),
    ).toEqual([['trigger', 'includeBody']])
    expect(
      issuesOf(() =>
        defineTrigger({
          type: 'cloudfront',
          eventType: 'viewer-reply' as 'viewer-request',
        }),
      ).map((issue) => issue.path),
    ).toEqual([['trigger', 'eventType']])
  })
})

describe('Lambda@Edge quotas and headers', () => {
  it('takes the strictest quota of the associated event types', () => {
    expect(strictestEdgeQuota(['origin-request', 'viewer-response'])).toEqual({
      maxTimeoutSeconds: 5,
      maxMemoryMb: 128,
      maxGeneratedResponseBytes: 40 * 1024,
      maxCompressedBundleBytes: 1024 * 1024,
    })
    expect(strictestEdgeQuota(['origin-request']).maxGeneratedResponseBytes).toBe(1024 * 1024)
  })

  it('refuses a package over 1 MB compressed for a viewer event, not for origin events only', () => {
    expect(edgeBundleIssue(['viewer-request'], 1024 * 1024)).toBeUndefined()
    expect(edgeBundleIssue(['viewer-request'], 1024 * 1024 + 1)).toMatch(/1048576 bytes/)
    expect(edgeBundleIssue(['origin-request'], 2 * 1024 * 1024)).toBeUndefined()
  })

  it('knows the read-only headers per event type and the disallowed ones, in any case', () => {
    expect(isReadOnlyHeader('viewer-request', 'Host')).toBe(true)
    expect(isReadOnlyHeader('origin-request', 'Host')).toBe(false)
    expect(isReadOnlyHeader('viewer-response', 'Content-Length')).toBe(true)
    expect(isReadOnlyHeader('origin-response', 'Content-Length')).toBe(false)
    expect(isDisallowedHeader('X-Amz-Cf-Id')).toBe(true)
    expect(isDisallowedHeader('x-amzn-trace-id')).toBe(true)
    expect(isDisallowedHeader('Connection')).toBe(true)
    expect(isDisallowedHeader('x-amz-meta-owner')).toBe(false)
  })
})
