import { createHash } from 'node:crypto'

/** SHA-256 of the chosen payload part (strings as-is, anything else as JSON), base64url. */
export const fingerprintOf = (part: unknown): string =>
  createHash('sha256')
    .update(typeof part === 'string' ? part : (JSON.stringify(part) ?? ''))
    .digest('base64url')

const MAX_PLAIN_KEY = 1024

/**
 * `<function>[#<handler>]#<key>`, so two functions or two handlers in one function never share a key.
 * Very long keys (a big batch) are hashed: DynamoDB partition keys stop at 2048 bytes.
 */
export const namespacedKey = (namespace: string, key: string): string =>
  key.length > MAX_PLAIN_KEY ? `${namespace}#sha256:${fingerprintOf(key)}` : `${namespace}#${key}`
