import type { MiddlewareObj } from '@middy/core'
import { jsonContentTypePattern, jsonParseProtectProto } from '@middy/util'
import type { ALBEvent, ALBResult, Context } from 'aws-lambda'
import type * as z from 'zod/mini'
import { headerValue } from './alb-request.ts'
import { HttpProblem } from './errors.ts'

/** The context a route sees once `validJsonBody` has run: `body` is the schema's output. */
export interface BodyContext<T> extends Context {
  body?: T
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** RFC 6901: `~` and `/` are escaped inside a JSON Pointer segment. */
const jsonPointer = (path: readonly PropertyKey[]): string =>
  path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')

/**
 * Reads, parses and validates a JSON request body, in this order so each failure has its own
 * status: 415 (not JSON, or content-encoded: we do not inflate), 413 (over `maxBytes`, decoded),
 * 400 (not UTF-8 or not JSON), 422 (JSON the schema refuses; `errors` lists each failing field).
 *
 * Our own instead of @middy/http-json-body-parser, which reads `content-type` only from
 * `event.headers` (so every multi-value-mode request is a 415), answers 422 for malformed JSON
 * (a syntax error is a 400) and replaces `event.body`, which other middlewares (idempotency's
 * fingerprint) and duplicate deliveries of the same event object still need raw. It reuses
 * that package's helpers: the JSON content-type pattern and the `__proto__`-refusing parser.
 */
export const validJsonBody = <T>(
  schema: z.ZodMiniType<T>,
  options: { maxBytes: number },
): MiddlewareObj<ALBEvent, ALBResult, Error, BodyContext<T>> => ({
  before: (request) => {
    const { event } = request
    const encoding = headerValue(event, 'content-encoding')?.trim().toLowerCase()
    if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
      throw new HttpProblem(415, `Send the body without Content-Encoding (got "${encoding}").`)
    }
    const contentType = headerValue(event, 'content-type')?.trim() ?? ''
    if (!jsonContentTypePattern.test(contentType)) {
      throw new HttpProblem(415, 'Send the body as JSON with Content-Type: application/json.', {
        headers: { 'accept-post': 'application/json' },
      })
    }
    const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8')
    if (bytes.length > options.maxBytes) {
      throw new HttpProblem(
        413,
        `The body is ${bytes.length} bytes; this endpoint accepts at most ${options.maxBytes}.`,
      )
    }
    let parsed: unknown
    try {
      parsed = jsonParseProtectProto(utf8.decode(bytes), undefined, 'alb-http')
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof TypeError) {
        throw new HttpProblem(400, 'The body is not valid UTF-8 JSON.')
      }
      // jsonParseProtectProto refuses "__proto__" and "constructor.prototype" keys with a 422.
      throw new HttpProblem(422, 'The body uses a forbidden key (__proto__ or constructor).')
    }
    const result = schema.safeParse(parsed)
    if (!result.success) {
      throw new HttpProblem(422, 'The body does not match the schema; see errors.', {
        extensions: {
          errors: result.error.issues.map((issue) => ({
            pointer: jsonPointer(issue.path),
            detail: issue.message,
          })),
        },
      })
    }
    request.context.body = result.data
  },
})
