import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type AlbRequestToMatch,
  matchAlbRoute,
  triggerOfType,
  triggersOfType,
} from '@repo/triggers'
import { ACCOUNT_ID, REGION } from '../../emulators/emulators.ts'
import type { LocalHandler } from '../../function/discover.ts'
import type { LocalRuntime } from '../../function/runtime.ts'
import { PayloadTooLargeError } from '../../http/errors.ts'
import { send } from '../../http/reply.ts'
import { closeAfterAnswer, readBody } from '../../http/request-body.ts'
import { albEventFromRequest } from './event.ts'
import { albErrorPage, albReplyFromResult, badGateway, type HttpReply } from './response.ts'

/** ALB's limit on a request body for a Lambda target; over it, ALB answers 413 itself. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024

const targetGroupArn = (handler: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:targetgroup/${handler.slice(0, 32)}/${createHash('sha256').update(handler).digest('hex').slice(0, 16)}`

const sendReply = (response: ServerResponse, reply: HttpReply) =>
  send(response, reply.status, reply.headers, reply.body, reply.reason)

/** The handler of the matching rule with the lowest priority number, across every target. */
const targetFor = (
  targets: readonly LocalHandler[],
  request: AlbRequestToMatch,
): LocalHandler | undefined => {
  let best: { handler: LocalHandler; priority: number } | undefined
  for (const handler of targets)
    for (const trigger of triggersOfType(handler.declaration, 'alb')) {
      const route = matchAlbRoute(trigger, request)
      if (route && (best === undefined || route.priority < best.priority))
        best = { handler, priority: route.priority }
    }
  return best?.handler
}

/**
 * The ALB listener: picks the rule (lowest priority first across handlers) that matches the
 * request, turns the request into that target's event, invokes it synchronously and answers
 * with its result, or with ALB's own 404 (no rule), 413 (body over 1 MB) or 502 (bad result).
 * HEAD is forwarded like any method; the response carries the GET's headers and no body.
 */
export const createAlbListener = (runtime: LocalRuntime) => {
  const targets = runtime.handlers.filter((h) => triggersOfType(h.declaration, 'alb').length > 0)
  return async (request: IncomingMessage, response: ServerResponse, path: string) => {
    const host = request.headers.host ?? ''
    const method = request.method ?? 'GET'
    const target = targetFor(targets, { method, path, host })
    if (!target) {
      // The listener's default action when no rule matches.
      return send(
        response,
        404,
        { 'content-type': 'text/plain; charset=utf-8' },
        'No ALB rule matches this request (local listener default action).\n',
      )
    }
    let body: Buffer
    try {
      body = await readBody(request, MAX_REQUEST_BODY_BYTES)
    } catch (error) {
      if (!(error instanceof PayloadTooLargeError)) throw error
      closeAfterAnswer(request, response)
      return sendReply(response, albErrorPage(413))
    }
    const multiValue = triggerOfType(target.declaration, 'alb').multiValueHeaders
    const event = albEventFromRequest(request, body, {
      multiValue,
      targetGroupArn: targetGroupArn(target.name),
    })
    const outcome = await runtime.invokeOnce(target.name, event, undefined, {
      source: 'alb',
      async: false,
    })
    sendReply(
      response,
      outcome.status === 'success' ? albReplyFromResult(outcome.result, multiValue) : badGateway(),
    )
  }
}
