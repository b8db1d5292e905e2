import type { ALBEvent } from 'aws-lambda'
import { own, ShapeCheck } from './shape-check.ts'

const check = new ShapeCheck('ALB')

/**
 * Checks a request from an Application Load Balancer target group, in either header mode: an
 * `elb` request context, a method, an absolute path, string headers and query values (string
 * lists in multi-value mode), a string or null body and the base64 flag.
 */
export function assertAlbEvent(event: unknown): asserts event is ALBEvent {
  const request = check.object(event, '(event)')
  const context = check.object(own(request, 'requestContext'), 'requestContext')
  check.object(own(context, 'elb'), 'requestContext.elb')
  check.nonEmptyText(own(request, 'httpMethod'), 'httpMethod')
  const path = check.text(own(request, 'path'), 'path')
  if (!path.startsWith('/')) check.fail('path', 'an absolute path (starting with /)', path)
  const text = (value: unknown, field: string) => check.text(value, field)
  const textList = (value: unknown, field: string) => check.textList(value, field)
  check.optionalEntries(own(request, 'headers'), 'headers', text)
  check.optionalEntries(own(request, 'queryStringParameters'), 'queryStringParameters', text)
  check.optionalEntries(own(request, 'multiValueHeaders'), 'multiValueHeaders', textList)
  check.optionalEntries(
    own(request, 'multiValueQueryStringParameters'),
    'multiValueQueryStringParameters',
    textList,
  )
  const body = own(request, 'body')
  if (body !== null) check.optionalText(body, 'body')
  check.boolean(own(request, 'isBase64Encoded'), 'isBase64Encoded')
}
