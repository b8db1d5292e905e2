/**
 * Secret redaction: every rule in one place, applied to each log message before it is archived
 * or sent. A JSON line is redacted as JSON (a secret key's whole value, however nested, becomes
 * "[REDACTED]"; string values go through the text rules), so it stays valid JSON. Other lines go
 * through the text rules, whose replacements keep the surrounding syntax (quotes, `key=`). Add a
 * rule here, with a test in tests/redact.test.ts.
 */
export interface RedactionRule {
  name: string
  /** A cheap test that must pass before the pattern runs: most log lines carry no secret. */
  mayMatch: (text: string) => boolean
  pattern: RegExp
  replacement: string
}

export const REDACTED = '[REDACTED]'

// Key names whose values are secrets: password=…, "client_secret": "…", AWS_SESSION_TOKEN=…,
// passphrase: …, X-Api-Key: …, sessionid=…, connect.sid=…, PHPSESSID=…. The match starts at
// the keyword (fast to find); `sid` only as a word, or `side=left` would be a secret.
const secretKeyword = String.raw`password|passwd|passphrase|pwd|secret|token|api[_-]?key|credential|private[_-]?key|session|sessid|\bsid\b`
const secretKey = `(?:${secretKeyword})[A-Za-z0-9_.-]*`
const quoted = String.raw`"(?:[^"\\]|\\.)*"`
/** A JSON object or list written into a text line, nested up to three deep. */
const nested = [1, 2, 3].reduce(
  (inner) => String.raw`[{\[](?:[^{}\[\]"]|${quoted}${inner === '' ? '' : `|${inner}`})*[}\]]`,
  '',
)
// A value: quoted, a balanced object or list, the rest of the line after an unbalanced opener
// (safer to lose it than to leak what follows), or a bare word.
const value = String.raw`(?:${quoted}|'[^']*'|${nested}|[{\[][^\r\n]*|[^\s"',;&}\]]+)`
const hasSecretKeyword = new RegExp(secretKeyword, 'i')
const awsKeyIdPrefix = /A(?:KI|SI|BI|CC)A/

// scheme://user:password@host: one pattern for the url-password rule and the prefilter below.
const urlPassword = String.raw`:\/\/([^\s:/@"']+):[^\s/@"']+@`

export const redactionRules: readonly RedactionRule[] = [
  {
    // The whole block, or to the end of the text when it was cut before its END line.
    name: 'pem-private-key',
    mayMatch: (text) => text.includes('PRIVATE KEY'),
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|$)/g,
    replacement: REDACTED,
  },
  {
    // scheme://user:password@host → keeps the user, drops the password.
    name: 'url-password',
    mayMatch: (text) => text.includes('://') && text.includes('@'),
    pattern: new RegExp(urlPassword, 'g'),
    replacement: `://$1:${REDACTED}@`,
  },
  {
    // Any length: a short opaque token is as much a credential as a long one.
    name: 'bearer-token',
    mayMatch: (text) => text.includes('earer'),
    pattern: /\b([Bb]earer)\s+[A-Za-z0-9\-._~+/]+=*/g,
    replacement: `$1 ${REDACTED}`,
  },
  {
    // Base64 of user:password; eight characters at least, so prose ("Basic usage") stays.
    name: 'basic-credentials',
    mayMatch: (text) => text.includes('asic'),
    pattern: /\b([Bb]asic)\s+[A-Za-z0-9+/]{8,}=*/g,
    replacement: `$1 ${REDACTED}`,
  },
  {
    // Cookie and Set-Cookie headers: every cookie to the end of the header is a session's.
    name: 'cookie-header',
    mayMatch: (text) => /cookie/i.test(text),
    pattern: new RegExp(
      String.raw`\b((?:set-)?cookie["']?\s*[:=]\s*)(?:${quoted}|'[^']*'|[^\r\n"']+)`,
      'gi',
    ),
    replacement: `$1"${REDACTED}"`,
  },
  {
    name: 'secret-key-value',
    mayMatch: (text) => hasSecretKeyword.test(text),
    pattern: new RegExp(String.raw`(${secretKey}["']?\s*[:=]\s*)${value}`, 'gi'),
    replacement: `$1"${REDACTED}"`,
  },
  {
    // A JWT anywhere (header and payload are base64url JSON: "eyJ"), not only after Bearer.
    name: 'jwt',
    mayMatch: (text) => text.includes('eyJ'),
    pattern: /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
    replacement: REDACTED,
  },
  {
    // Access key ids (long-term AKIA, temporary ASIA) have a fixed shape wherever they appear.
    name: 'aws-access-key-id',
    mayMatch: (text) => awsKeyIdPrefix.test(text),
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    replacement: REDACTED,
  },
]

// One scan says whether any rule could match; most log lines hold no secret and stop here. A URL
// counts only with a password in it (the url-password rule's own pattern): most URLs have none.
const mightHoldSecret = new RegExp(
  `${urlPassword}|earer|asic|cookie|authorization|eyJ|PRIVATE KEY|${secretKeyword}|AKIA|ASIA|ABIA|ACCA`,
  'i',
)

/** Every text rule, in order, each only where its own prefilter says it could match. */
const applyRules = (text: string): string => {
  let result = text
  for (const rule of redactionRules) {
    if (rule.mayMatch(result)) result = result.replace(rule.pattern, rule.replacement)
  }
  return result
}

/** The text rules, in order, each only where its prefilter says it could match. */
export const redactText = (text: string): string =>
  mightHoldSecret.test(text) ? applyRules(text) : text

/** A JSON key whose whole value is a secret (whatever it holds: text, number, object, list). */
const secretName = new RegExp(`${secretKeyword}|cookie|authorization`, 'i')
export const isSecretKey = (key: string): boolean => secretName.test(key)

type Fields = Record<string, unknown>

export interface RedactedLine {
  /** The message to archive and send: redacted, and still JSON when it was JSON. */
  message: string
  /** The redacted object, when the message is a JSON object (one parse, read by the caller). */
  fields: Fields | undefined
}

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const parseObject = (text: string): Fields | undefined => {
  try {
    const parsed: unknown = JSON.parse(text)
    return isFields(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

/**
 * Redacts a parsed JSON value in place: a secret key's whole value (unless null), and every
 * string through the text rules. Returns whether anything changed. Keys come from JSON.parse as
 * own data properties, so assigning to one, `__proto__` included, writes that property.
 */
const redactTree = (node: Fields | unknown[]): boolean => {
  let changed = false
  const keys = Array.isArray(node) ? undefined : Object.keys(node)
  const count = keys === undefined ? (node as unknown[]).length : keys.length
  const values = node as Record<string, unknown>
  for (let index = 0; index < count; index++) {
    const key = keys === undefined ? index : (keys[index] as string)
    const value = values[key]
    if (keys !== undefined && value !== null && value !== REDACTED && isSecretKey(key as string)) {
      values[key] = REDACTED
      changed = true
    } else if (typeof value === 'string') {
      const redacted = redactText(value)
      if (redacted !== value) {
        values[key] = redacted
        changed = true
      }
    } else if (typeof value === 'object' && value !== null) {
      if (redactTree(value as Fields)) changed = true
    }
  }
  return changed
}

// A number token JSON.stringify could write differently (1.50, 1e3, 16+ digits, -0): a value
// after `:`, `,` or `[` with a fraction, an exponent or 16 digits. Conservative: text inside a
// string that looks like one ("at 12:30.5") only costs the slower exact path below.
const mayLoseNumbers = /[:,[]\s*(?:-0\s*[,}\]]|-?\d+(?:\.\d+)?[eE]|-?\d+\.\d|-?\d{16})/

// Node 22 passes a reviver the number's source text and can write it back as it was, so a
// redacted line keeps 12345678901234567890 and 1.50 instead of what a double makes of them.
const rawJson = (JSON as unknown as { rawJSON?: (source: string) => unknown }).rawJSON
type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown
const keepNumberSource: Reviver = (_key, value, context) => {
  const source = context?.source
  return typeof value === 'number' && rawJson && source !== undefined && String(value) !== source
    ? rawJson(source)
    : value
}

/** A JSON object line with its secrets redacted, or undefined when it is not one. */
const redactJsonLine = (text: string): RedactedLine | undefined => {
  const fields = parseObject(text)
  if (fields === undefined) return undefined
  if (!redactTree(fields)) return { message: text, fields }
  if (!mayLoseNumbers.test(text)) return { message: JSON.stringify(fields), fields }
  // The exact path: parse again keeping each number's text, redact the same way, write back.
  const exact = JSON.parse(text, keepNumberSource as (key: string, value: unknown) => unknown)
  redactTree(exact as Fields)
  return { message: JSON.stringify(exact), fields }
}

/**
 * One log message, redacted. A JSON object line (`{` first) that may hold a secret is parsed
 * with its secrets replaced as it is read and written back only if something was; any other
 * line goes through the text rules.
 */
export const redactLine = (text: string): RedactedLine => {
  const isJson = text.charCodeAt(0) === 123 /* { */
  // In a JSON line an escape can hide a keyword from the prefilter (`"pass\u0077ord"`,
  // `"postgres:\/\/u:p@h"`): a JSON line with a backslash is parsed and its decoded keys and
  // strings are checked instead. Without one, the raw text is what JSON.parse reads.
  if (!mightHoldSecret.test(text) && !(isJson && text.includes('\\'))) {
    return { message: text, fields: isJson ? parseObject(text) : undefined }
  }
  // mightHoldSecret said yes already: the rules run without scanning the line a second time.
  return (isJson && redactJsonLine(text)) || { message: applyRules(text), fields: undefined }
}

export const redact = (text: string): string => redactLine(text).message
