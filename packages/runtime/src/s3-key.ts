/**
 * S3 puts object keys into event notifications form-URL-encoded (like Java's URLEncoder):
 * space → `+`, `+` → `%2B`, every byte outside `A-Z a-z 0-9 - _ . *` percent-escaped from UTF-8
 * with upper-case hex, except `/`, which stays as it is. `encodeURIComponent` is not the same: it
 * keeps `!'()~` and writes space as `%20`.
 */
const KEPT_AS_IS = /[A-Za-z0-9\-_.*/]/
const utf8 = new TextEncoder()

/** A notification key that S3 could not have sent: a `%` escape or a character that is not UTF-8. */
export class MalformedS3KeyError extends Error {
  override readonly name = 'MalformedS3KeyError'
  readonly encodedKey: string

  constructor(encodedKey: string) {
    const shown = encodedKey.length > 200 ? `${encodedKey.slice(0, 200)}…` : encodedKey
    super(
      `S3 object key "${shown}" is not form-URL-encoded UTF-8 as S3 sends it; ` +
        'the event did not come from S3 as delivered, or was altered on the way.',
    )
    this.encodedKey = encodedKey
  }
}

/** A key as S3 writes it into a notification. */
export const encodeS3Key = (key: string): string => {
  let encoded = ''
  for (const char of key) {
    if (char === ' ') encoded += '+'
    else if (KEPT_AS_IS.test(char)) encoded += char
    else
      for (const byte of utf8.encode(char))
        encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return encoded
}

/**
 * The object key of a notification record, decoded as AWS documents (`+` first, then percent
 * escapes). Throws `MalformedS3KeyError` for escapes S3 never writes.
 */
export const decodeS3Key = (encodedKey: string): string => {
  let key: string
  try {
    key = decodeURIComponent(encodedKey.replace(/\+/g, ' '))
  } catch {
    throw new MalformedS3KeyError(encodedKey)
  }
  // A lone surrogate cannot be UTF-8, so it cannot be an S3 key; the SDK would throw a URIError
  // building the request for it.
  if (!key.isWellFormed()) throw new MalformedS3KeyError(encodedKey)
  return key
}
