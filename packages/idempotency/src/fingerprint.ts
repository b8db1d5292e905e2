import { createHash } from 'node:crypto'

/** SHA-256 of the chosen payload part (strings as-is, anything else as JSON), base64url. */
export const fingerprintOf = (part: unknown): string =>
  createHash('sha256')
    .update(typeof part === 'string' ? part : (JSON.stringify(part) ?? ''))
    .digest('base64url')

const MAX_PLAIN_KEY = 1024

// `<namespace>#` for the last namespace seen: one function has one, so a key costs one concatenation
// and the copy of the namespace is shared by every key instead of kept with each.
let lastNamespace: string | undefined
let lastPrefix = ''
const prefixOf = (namespace: string): string => {
  if (namespace !== lastNamespace) {
    lastNamespace = namespace
    lastPrefix = `${namespace}#`
  }
  return lastPrefix
}

/**
 * `<function>[#<handler>]#<key>`, so two functions or two handlers in one function never share a key.
 * Very long keys (a big batch) are hashed: DynamoDB partition keys stop at 2048 bytes.
 */
export const namespacedKey = (namespace: string, key: string): string =>
  flat(prefixOf(namespace) + (key.length > MAX_PLAIN_KEY ? `sha256:${fingerprintOf(key)}` : key))

/**
 * In V8 `a + b` is a rope that keeps both parts alive: a key kept by MemoryStore would be three
 * strings (≈ 100 bytes for `fn#eb:<id>`), copied by every young-generation GC while it lives, and
 * slower to hash. trimStart() returns V8's flat copy (≈ 40 bytes). A text that starts with
 * whitespace is returned as it is, since trimming would change it.
 */
const flat = (text: string): string => {
  const copy = text.trimStart()
  return copy.length === text.length ? copy : text
}
