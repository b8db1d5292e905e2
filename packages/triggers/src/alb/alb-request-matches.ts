import type { AlbRoute } from '../declaration/alb-trigger.ts'
import type { DeepReadonly } from '../declaration/define.ts'

export interface AlbRequestToMatch {
  method: string
  path: string
  /** The Host header, with or without a port. */
  host?: string
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** ELB rule wildcards: `*` is any run of characters, `?` exactly one. */
const wildcardToRegExp = (pattern: string, flags: string) =>
  new RegExp(
    `^${pattern
      .split('')
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : escapeRegExp(char)))
      .join('')}$`,
    flags,
  )

/**
 * Whether a listener rule's conditions all hold for a request. Paths and methods compare
 * case-sensitively, host headers case-insensitively, as ELB does.
 */
export const albRouteMatches = (
  route: DeepReadonly<Pick<AlbRoute, 'pathPatterns' | 'hostHeaders' | 'httpMethods'>>,
  request: AlbRequestToMatch,
): boolean => {
  const host = (request.host ?? '').replace(/:\d+$/, '')
  return (
    (route.pathPatterns?.some((pattern) => wildcardToRegExp(pattern, 's').test(request.path)) ??
      true) &&
    (route.hostHeaders?.some((pattern) => wildcardToRegExp(pattern, 'is').test(host)) ?? true) &&
    (route.httpMethods?.includes(request.method) ?? true)
  )
}

/** The route ELB would pick for a request: the matching rule with the lowest priority number. */
export const matchAlbRoute = (
  trigger: { readonly routes: readonly DeepReadonly<AlbRoute>[] },
  request: AlbRequestToMatch,
): DeepReadonly<AlbRoute> | undefined =>
  [...trigger.routes]
    .sort((a, b) => a.priority - b.priority)
    .find((route) => albRouteMatches(route, request))
