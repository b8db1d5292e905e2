const unreserved = /^[A-Za-z0-9\-._~]$/

/**
 * RFC 3986 §6.2.2: percent-encodings of unreserved characters decoded (`%7E` → `~`), the others
 * upper-cased (`%2f` → `%2F`). Spellings of one resource become one, so they share a cache entry
 * and `/%6Aobs` cannot slip past a check on `/jobs`.
 */
const normalisePercentEncoding = (text: string): string =>
  text.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => {
    const character = String.fromCharCode(Number.parseInt(hex, 16))
    return unreserved.test(character) ? character : `%${hex.toUpperCase()}`
  })

/**
 * The request path in one canonical spelling: percent-encodings normalised, repeated slashes
 * collapsed, `.` and `..` segments resolved (never above the root), a trailing slash kept.
 */
export const normaliseUri = (uri: string): string => {
  const segments = normalisePercentEncoding(uri).split('/').slice(1)
  const kept: string[] = []
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1
    if (segment === '..') kept.pop()
    if (segment === '.' || segment === '..' || segment === '') {
      if (last) kept.push('')
      return
    }
    kept.push(segment)
  })
  return `/${kept.join('/')}`
}

const parameterName = (pair: string): string => {
  const name = pair.split('=', 1)[0] ?? ''
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '))
  } catch {
    return name
  }
}

/**
 * The query string in one canonical order: empty pairs and `ignored` parameters (tracking tags)
 * dropped, pairs sorted by name, each pair's own encoding kept (its value is the origin's
 * business). `?b=2&a=1&utm_source=x` and `?a=1&b=2` become one cache key.
 */
export const normaliseQueryString = (querystring: string, ignored: readonly string[]): string =>
  querystring
    .split('&')
    .filter((pair) => pair !== '' && !ignored.includes(parameterName(pair)))
    .map((pair) => [normalisePercentEncoding(pair), parameterName(pair)] as const)
    .sort(([pairA, nameA], [pairB, nameB]) =>
      nameA < nameB ? -1 : nameA > nameB ? 1 : pairA < pairB ? -1 : pairA > pairB ? 1 : 0,
    )
    .map(([pair]) => pair)
    .join('&')

/** `/jobs` covers `/jobs` and `/jobs/…`, not `/jobsx`. Apply to a normalised path. */
export const underPrefix = (path: string, prefixes: readonly string[]): boolean =>
  prefixes.some((prefix) => {
    const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix
    return path === base || path.startsWith(`${base}/`)
  })
