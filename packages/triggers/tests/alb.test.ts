import { loadCorpusEvent } from '@repo/shared'
import type { ALBEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import {
  albRouteMatches,
  defineTrigger,
  matchAlbRoute,
  TriggerValidationError,
} from '../src/index.ts'

const api = defineTrigger({
  type: 'alb',
  routes: [
    { priority: 20, pathPatterns: ['/api/*'] },
    { priority: 10, pathPatterns: ['/api/v?/orders'], httpMethods: ['POST'] },
    { priority: 30, hostHeaders: ['*.example.com'] },
  ],
  healthCheck: { path: '/health' },
})

const messageOf = (build: () => unknown) => {
  try {
    build()
  } catch (error) {
    if (error instanceof TriggerValidationError) return error.message
  }
  return ''
}

describe('ALB trigger', () => {
  it('defaults multiValueHeaders to false and keeps routes', () => {
    expect(api.multiValueHeaders).toBe(false)
    expect(api.routes).toHaveLength(3)
  })

  it('picks the matching rule with the lowest priority', () => {
    expect(matchAlbRoute(api, { method: 'POST', path: '/api/v1/orders' })?.priority).toBe(10)
    expect(matchAlbRoute(api, { method: 'GET', path: '/api/v1/orders' })?.priority).toBe(20)
    expect(
      matchAlbRoute(api, { method: 'GET', path: '/home', host: 'shop.EXAMPLE.com:443' })?.priority,
    ).toBe(30)
    expect(
      matchAlbRoute(api, { method: 'GET', path: '/home', host: 'example.org' }),
    ).toBeUndefined()
  })

  it('treats ? as exactly one character and paths as case-sensitive', () => {
    const route = { pathPatterns: ['/img/?.png'] }
    expect(albRouteMatches(route, { method: 'GET', path: '/img/a.png' })).toBe(true)
    expect(albRouteMatches(route, { method: 'GET', path: '/img/ab.png' })).toBe(false)
    expect(albRouteMatches({ pathPatterns: ['/API/*'] }, { method: 'GET', path: '/api/x' })).toBe(
      false,
    )
  })

  it('routes the corpus ALB request', () => {
    const event = loadCorpusEvent<ALBEvent>('awsdocs-lambda-dg__alb__services-alb-request')
    const host = event.headers?.host
    expect(
      albRouteMatches(
        { pathPatterns: ['/*'], httpMethods: [event.httpMethod] },
        { method: event.httpMethod, path: event.path, host },
      ),
    ).toBe(true)
  })

  it.each([
    [[{ priority: 1 }], 'at least one condition'],
    [[{ priority: 0, pathPatterns: ['/'] }], 'priority is 1-50000'],
    [[{ priority: 1, pathPatterns: ['/a', '/b', '/c', '/d'] }], 'at most 3 values'],
    [
      [
        {
          priority: 1,
          pathPatterns: ['/a', '/b', '/c'],
          hostHeaders: ['a.com', 'b.com'],
          httpMethods: ['GET'],
        },
      ],
      'at most 5 condition values',
    ],
    [[{ priority: 1, pathPatterns: ['/a b'] }], 'may only contain'],
    [[{ priority: 1, httpMethods: ['get'] }], 'upper case'],
    [
      [
        { priority: 5, pathPatterns: ['/a'] },
        { priority: 5, pathPatterns: ['/b'] },
      ],
      'priority 5 is already used by routes[0]',
    ],
  ])('rejects routes %j', (routes, message) => {
    expect(messageOf(() => defineTrigger({ type: 'alb', routes }))).toContain(message)
  })
})
