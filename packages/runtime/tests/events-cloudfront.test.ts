import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { assertCloudFrontEvent, cloudFrontEventTypeOf, EventShapeError } from '../src/index.ts'

// The real-event corpus, read directly: this package cannot depend on @repo/shared.
const corpus = fileURLToPath(new URL('../../../shared/events/', import.meta.url))
const awsDocsSamples = readdirSync(corpus)
  .filter((file) => file.startsWith('awsdocs-cloudfront-dg__cloudfront__'))
  .map((file): [string, unknown] => [file, JSON.parse(readFileSync(`${corpus}${file}`, 'utf8'))])

const fieldOf = (event: unknown): string => {
  try {
    assertCloudFrontEvent(event)
  } catch (error) {
    if (error instanceof EventShapeError) return error.field
    throw error
  }
  throw new Error('expected an EventShapeError')
}

describe('the CloudFront guard', () => {
  it('finds the four CloudFront Developer Guide samples', () => {
    expect(awsDocsSamples).toHaveLength(4)
  })

  it.each(awsDocsSamples)('accepts %s', (_file, event) => {
    expect(() => assertCloudFrontEvent(event)).not.toThrow()
  })

  it('reads each sample event type, the four of them', () => {
    const types = awsDocsSamples.map(([, event]) => {
      assertCloudFrontEvent(event)
      return cloudFrontEventTypeOf(event)
    })
    expect(types.sort()).toEqual([
      'origin-request',
      'origin-response',
      'viewer-request',
      'viewer-response',
    ])
  })

  const sample = (eventType: string) => {
    const found = awsDocsSamples.find(([file]) => file.includes(eventType))?.[1]
    return structuredClone(found) as {
      Records: { cf: Record<string, Record<string, unknown>> }[]
    }
  }

  it('names the field that is wrong', () => {
    const noType = sample('viewer-request')
    delete noType.Records[0]?.cf.config?.eventType
    expect(fieldOf(noType)).toBe('Records[0].cf.config.eventType')

    const relative = sample('viewer-request')
    ;(relative.Records[0]?.cf.request as Record<string, unknown>).uri = 'index.html'
    expect(fieldOf(relative)).toBe('Records[0].cf.request.uri')

    const badHeader = sample('origin-request')
    ;(badHeader.Records[0]?.cf.request as Record<string, unknown>).headers = {
      host: [{ key: 'Host', value: 42 }],
    }
    expect(fieldOf(badHeader)).toBe('Records[0].cf.request.headers["host"][0].value')

    const noStatus = sample('response-origin')
    delete noStatus.Records[0]?.cf.response?.status
    expect(fieldOf(noStatus)).toBe('Records[0].cf.response.status')

    const two = sample('viewer-request')
    two.Records.push(structuredClone(two.Records[0] as (typeof two.Records)[number]))
    expect(fieldOf(two)).toBe('Records')
  })

  it('does not read inherited fields (a prototype-named key is no record)', () => {
    expect(fieldOf(JSON.parse('{"__proto__": {"Records": []}}'))).toBe('Records')
  })
})
