/**
 * Secret redaction: every rule in one place, applied to each log message before it is
 * archived or sent. Replacements keep the surrounding syntax (quotes, `key=`), so a JSON
 * line stays JSON. Add a rule here, with a test in tests/redact.test.ts.
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
// aws_secret_access_key = …, X-Api-Key: …. The match starts at the keyword (fast to find).
const secretKeyword = 'password|passwd|pwd|secret|token|api[_-]?key|credential'
const secretKey = `(?:${secretKeyword})[A-Za-z0-9_.-]*`
const value = String.raw`(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"',;&}\]]+)`
const hasSecretKeyword = new RegExp(secretKeyword, 'i')
const awsKeyIdPrefix = /A(?:KI|SI|BI|CC)A/

export const redactionRules: readonly RedactionRule[] = [
  {
    // scheme://user:password@host → keeps the user, drops the password.
    name: 'url-password',
    mayMatch: (text) => text.includes('://') && text.includes('@'),
    pattern: /:\/\/([^\s:/@"']+):[^\s/@"']+@/g,
    replacement: `://$1:${REDACTED}@`,
  },
  {
    name: 'bearer-or-basic-credentials',
    mayMatch: (text) => text.includes('earer') || text.includes('asic'),
    pattern: /([Bb]earer|[Bb]asic)\s+[A-Za-z0-9\-._~+/]{8,}=*/g,
    replacement: `$1 ${REDACTED}`,
  },
  {
    name: 'secret-key-value',
    mayMatch: (text) => hasSecretKeyword.test(text),
    pattern: new RegExp(String.raw`(${secretKey}["']?\s*[:=]\s*)${value}`, 'gi'),
    replacement: `$1"${REDACTED}"`,
  },
  {
    // Access key ids (long-term AKIA, temporary ASIA) have a fixed shape wherever they appear.
    name: 'aws-access-key-id',
    mayMatch: (text) => awsKeyIdPrefix.test(text),
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    replacement: REDACTED,
  },
]

// One scan says whether any rule could match; most log lines hold no secret and stop here.
const mightHoldSecret = new RegExp(`://|earer|asic|${secretKeyword}|AKIA|ASIA|ABIA|ACCA`, 'i')

export const redact = (text: string): string => {
  if (!mightHoldSecret.test(text)) return text
  let result = text
  for (const rule of redactionRules) {
    if (rule.mayMatch(result)) result = result.replace(rule.pattern, rule.replacement)
  }
  return result
}
