import { ConfigError } from '@repo/runtime'
import * as z from 'zod/mini'
// Baked in at build time: esbuild inlines this file (or the one `npm run build -- --config <file>`
// names) into dist/index.mjs. Lambda@Edge has no environment variables, so nothing is read at
// run time; changing a value means a new build and a new function version.
import baked from '../edge-config.json' with { type: 'json' }

const host = z.string().check(z.regex(/^[a-z0-9.-]{1,253}$/, 'a lower-case host name'))
const pathPrefix = z.string().check(z.regex(/^\/[A-Za-z0-9._~/-]*$/, 'a path starting with /'))

const edgeConfig = z.object({
  /** Hosts served over HTTPS only: an `http://` request is redirected (301). */
  httpsOnlyHosts: z.array(host),
  /** Paths whose requests need a valid signed token (viewer request). */
  protectedPathPrefixes: z.array(pathPrefix),
  /** Ed25519 public key (SPKI PEM) that verifies the tokens; its private half signs them elsewhere. */
  tokenPublicKey: z.string().check(z.startsWith('-----BEGIN PUBLIC KEY-----')),
  /** The `aud` a token must carry. */
  tokenAudience: z.string().check(z.minLength(1)),
  /** Paths the ALB answers (the distribution's default origin); everything else is static. */
  albPathPrefixes: z.array(pathPrefix),
  /** The S3 bucket for static files (origin request switches to it). */
  staticOrigin: z.object({ domainName: host, region: z.string().check(z.minLength(1)) }),
  /** Cache-Control by origin status, when the origin set none (origin response). */
  cacheControl: z.object({
    success: z.string(),
    redirect: z.string(),
    notFound: z.string(),
  }),
  /** Query parameters that never change the answer (tracking): dropped from the cache key. */
  ignoredQueryParameters: z.array(z.string().check(z.minLength(1))),
  /** Viewer response security headers. */
  contentSecurityPolicy: z.string().check(z.minLength(1)),
  hstsMaxAgeSeconds: z.number().check(z.int(), z.minimum(0)),
})

export type Config = Readonly<z.output<typeof edgeConfig>>

/**
 * Checks the configuration baked into the bundle, once, at cold start. `raw` defaults to the
 * baked edge-config.json; tests pass their own. One ConfigError names every bad field.
 */
export const loadConfig = (raw: unknown = baked): Config => {
  const parsed = edgeConfig.safeParse(raw)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`),
      'edge-gateway (its baked edge-config.json)',
    )
  }
  return Object.freeze(parsed.data)
}
