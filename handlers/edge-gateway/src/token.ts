import { type KeyObject, verify } from 'node:crypto'
import { TokenRejectedError } from './errors.ts'

/** Longer than any token we issue: a bigger header is refused before any parsing or crypto. */
export const MAX_TOKEN_LENGTH = 4096

const base64url = /^[A-Za-z0-9_-]+$/

export interface VerifiedToken {
  readonly subject: string
}

export interface VerifyOptions {
  readonly publicKey: KeyObject
  readonly audience: string
  /** Seconds since the epoch. */
  readonly now: number
}

const decodeJson = (part: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>
  } catch {
    // reported below, as every other malformed token
  }
  throw new TokenRejectedError(
    'malformed',
    'the token is not a signed JWT (header.payload.signature)',
  )
}

const claim = (payload: Record<string, unknown>, name: string): unknown =>
  Object.hasOwn(payload, name) ? payload[name] : undefined

/**
 * Verifies a compact JWS signed with Ed25519 (`alg: EdDSA`, RFC 8037) against the public key
 * baked into the bundle: the algorithm is fixed here, never read from the token's header
 * ("alg": "none" and algorithm confusion are refused), `exp` is required, `nbf` honoured, `aud`
 * must name this gateway. Throws TokenRejectedError with the reason.
 */
export const verifyToken = (token: string, options: VerifyOptions): VerifiedToken => {
  if (token.length > MAX_TOKEN_LENGTH)
    throw new TokenRejectedError('malformed', `the token is over ${MAX_TOKEN_LENGTH} characters`)
  const parts = token.split('.')
  if (parts.length !== 3 || !parts.every((part) => base64url.test(part)))
    throw new TokenRejectedError(
      'malformed',
      'the token is not a signed JWT (header.payload.signature)',
    )
  const [header, payload, signature] = parts as [string, string, string]
  if (claim(decodeJson(header), 'alg') !== 'EdDSA')
    throw new TokenRejectedError('unsupported-algorithm', 'the token is not signed with EdDSA')
  const signed = verify(
    null,
    Buffer.from(`${header}.${payload}`),
    options.publicKey,
    Buffer.from(signature, 'base64url'),
  )
  if (!signed) throw new TokenRejectedError('bad-signature', 'the token signature does not verify')

  const claims = decodeJson(payload)
  const exp = claim(claims, 'exp')
  if (typeof exp !== 'number') throw new TokenRejectedError('malformed', 'the token has no exp')
  if (exp <= options.now) throw new TokenRejectedError('expired', 'the token has expired')
  const nbf = claim(claims, 'nbf')
  if (typeof nbf === 'number' && nbf > options.now)
    throw new TokenRejectedError('not-yet-valid', 'the token is not valid yet')
  const aud = claim(claims, 'aud')
  const audiences = Array.isArray(aud) ? aud : [aud]
  if (!audiences.includes(options.audience))
    throw new TokenRejectedError('wrong-audience', 'the token is for another audience')
  const sub = claim(claims, 'sub')
  return { subject: typeof sub === 'string' ? sub : '' }
}

/** The token of `Authorization: Bearer <token>`, or TokenRejectedError('missing'). */
export const bearerToken = (authorization: string | undefined): string => {
  const match = authorization === undefined ? null : /^Bearer +(\S+) *$/i.exec(authorization)
  if (match?.[1] === undefined)
    throw new TokenRejectedError('missing', 'send Authorization: Bearer <token>')
  return match[1]
}
