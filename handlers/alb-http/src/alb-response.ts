import type { MiddlewareObj } from '@middy/core'
import { statusDescription } from '@repo/runtime'
import type { ALBEvent, ALBResult, Context } from 'aws-lambda'
import { usesMultiValue } from './alb-request.ts'

/**
 * What routes return: an ALB result whose headers may sit in `headers`, `multiValueHeaders` or
 * both. `albResponses()` turns it into what the target group expects.
 */
export type HttpResponse = ALBResult

const collectHeaders = (response: HttpResponse): Map<string, string[]> => {
  const all = new Map<string, string[]>()
  const add = (name: string, values: readonly (string | number | boolean)[]) => {
    const lower = name.toLowerCase()
    all.set(lower, [...(all.get(lower) ?? []), ...values.map(String)])
  }
  for (const [name, value] of Object.entries(response.headers ?? {})) add(name, [value])
  for (const [name, values] of Object.entries(response.multiValueHeaders ?? {})) add(name, values)
  return all
}

/**
 * One response in the mode the request came in. In multi-value mode every value survives
 * (several Set-Cookie lines). In single-value mode ALB can carry one value per name: repeated
 * headers are joined with ", " as HTTP allows, except Set-Cookie, which cannot be joined, so
 * the last cookie wins: enable multi-value mode to set several.
 */
export const toAlbResult = (response: HttpResponse, multiValue: boolean): ALBResult => {
  const headers = collectHeaders(response)
  const result: ALBResult = {
    statusCode: response.statusCode,
    statusDescription: statusDescription(response.statusCode),
    body: response.body ?? '',
    isBase64Encoded: response.isBase64Encoded ?? false,
  }
  if (multiValue) {
    result.multiValueHeaders = Object.fromEntries(headers)
  } else {
    result.headers = Object.fromEntries(
      [...headers].map(([name, values]) => [
        name,
        name === 'set-cookie' ? (values.at(-1) ?? '') : values.join(', '),
      ]),
    )
  }
  return result
}

/**
 * Middy middleware, registered first so its `after`/`onError` run last: every response leaves in
 * the target group's header mode with a status description, whoever built it (a route, the
 * idempotency middleware's replay or problem, the error handler).
 */
export const albResponses = (): MiddlewareObj<ALBEvent, ALBResult, Error, Context> => {
  const format = (request: { event: ALBEvent; response: ALBResult | null | undefined }) => {
    if (request.response == null) return
    request.response = toAlbResult(request.response, usesMultiValue(request.event))
  }
  return { after: format, onError: format }
}
