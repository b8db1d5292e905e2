import type { IncomingMessage } from 'node:http'

/** Names a browser uses for the loopback listener; anything else reached us by DNS rebinding. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Methods that only read: the control API changes nothing on them. */
const SAFE_METHODS = new Set(['GET', 'HEAD'])

/** `localhost:3000` → { name: 'localhost', port: '3000' }; undefined for anything else. */
const splitHost = (host: string): { name: string; port: string } | undefined => {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):(\d{1,5})$/i.exec(host)
  return match ? { name: (match[1] ?? '').toLowerCase(), port: match[2] ?? '' } : undefined
}

/**
 * Why `request` may not use the control API (and the console), or undefined when it may.
 *
 * The API runs functions, purges queues and redrives messages, so a page the developer happens
 * to visit must not reach it:
 * - `Host` must name this listener on loopback (`127.0.0.1:<port>` or `localhost:<port>`), or
 *   the address it was asked to bind (`--host`). A rebinding attack points an attacker's name at
 *   127.0.0.1, and the browser then sends that name as the Host: refused, so its script can
 *   read nothing.
 * - A state-changing request must come from the console's own origin. Browsers send `Origin` on
 *   every cross-origin request and every non-GET fetch, so a foreign or `null` Origin is a
 *   cross-site request. No Origin at all is a non-browser client (curl, the SDK, tests), which
 *   is not the threat here; a browser that omits it still says `Sec-Fetch-Site`.
 */
export const controlRequestRefusal = (
  request: IncomingMessage,
  boundHost?: string,
): string | undefined => {
  const host = request.headers.host ?? ''
  const parsed = splitHost(host)
  // A wildcard is no name to accept: pages reaching "0.0.0.0" is an attack of its own.
  const named = boundHost === '0.0.0.0' || boundHost === '::' ? undefined : boundHost
  const bound = named?.includes(':') ? `[${named}]` : named
  if (
    !parsed ||
    !(LOOPBACK_NAMES.has(parsed.name) || parsed.name === bound?.toLowerCase()) ||
    Number(parsed.port) !== request.socket.localPort
  )
    return `The control API answers only requests addressed to this listener on loopback (Host 127.0.0.1:${request.socket.localPort} or localhost:${request.socket.localPort}), not "${host}".`
  if (SAFE_METHODS.has(request.method ?? 'GET')) return undefined
  const origin = request.headers.origin
  if (origin !== undefined && origin !== `http://${host}`)
    return `State-changing requests are accepted only from the console's own origin (http://${host}), not "${origin}".`
  const site = request.headers['sec-fetch-site']
  if (origin === undefined && site !== undefined && site !== 'same-origin' && site !== 'none')
    return `State-changing requests are accepted only from the console's own origin (Sec-Fetch-Site: ${site}).`
  return undefined
}
