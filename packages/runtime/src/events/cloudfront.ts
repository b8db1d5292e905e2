import type { CloudFrontRequestEvent, CloudFrontResponseEvent } from 'aws-lambda'
import { type Fields, own, ShapeCheck } from './shape-check.ts'

const check = new ShapeCheck('CloudFront')

/** Either Lambda@Edge event: a request event (viewer or origin) or a response event. */
export type CloudFrontEvent = CloudFrontRequestEvent | CloudFrontResponseEvent

const eventTypes = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response']

/** `{ "host": [{ "key": "Host", "value": "…" }] }`: lists of values, `key` optional. */
const headers = (value: unknown, field: string) =>
  check.entries(value, field, (list, listField) => {
    check.array(list, listField).forEach((item, index) => {
      const entry = check.object(item, `${listField}[${index}]`)
      check.optionalText(own(entry, 'key'), `${listField}[${index}].key`)
      check.text(own(entry, 'value'), `${listField}[${index}].value`)
    })
  })

const request = (cf: Fields) => {
  const fields = check.object(own(cf, 'request'), 'Records[0].cf.request')
  const uri = check.text(own(fields, 'uri'), 'Records[0].cf.request.uri')
  if (!uri.startsWith('/'))
    check.fail('Records[0].cf.request.uri', 'an absolute path (starting with /)', uri)
  check.nonEmptyText(own(fields, 'method'), 'Records[0].cf.request.method')
  check.text(own(fields, 'clientIp'), 'Records[0].cf.request.clientIp')
  check.optionalText(own(fields, 'querystring'), 'Records[0].cf.request.querystring')
  headers(own(fields, 'headers'), 'Records[0].cf.request.headers')
}

/**
 * Checks a Lambda@Edge event: exactly one record (CloudFront sends one request per invocation)
 * whose `cf.config.eventType` is one of the four, a request with an absolute `uri`, a method, a
 * client IP and headers as CloudFront shapes them (lower-case name → list of `{ key, value }`),
 * and, on response events, a response with a status and headers.
 */
export function assertCloudFrontEvent(event: unknown): asserts event is CloudFrontEvent {
  const records = check.array(own(check.object(event, '(event)'), 'Records'), 'Records')
  if (records.length !== 1) check.fail('Records', 'exactly one record', records)
  const cf = check.object(own(check.object(records[0], 'Records[0]'), 'cf'), 'Records[0].cf')
  const config = check.object(own(cf, 'config'), 'Records[0].cf.config')
  const eventType = check.text(own(config, 'eventType'), 'Records[0].cf.config.eventType')
  if (!eventTypes.includes(eventType))
    check.fail('Records[0].cf.config.eventType', `one of ${eventTypes.join(', ')}`, eventType)
  check.nonEmptyText(own(config, 'requestId'), 'Records[0].cf.config.requestId')
  request(cf)
  if (eventType.endsWith('-response')) {
    const response = check.object(own(cf, 'response'), 'Records[0].cf.response')
    const status = check.text(own(response, 'status'), 'Records[0].cf.response.status')
    if (!/^[1-5]\d\d$/.test(status))
      check.fail('Records[0].cf.response.status', 'a three-digit HTTP status', status)
    headers(own(response, 'headers'), 'Records[0].cf.response.headers')
  }
}

/** The event type of a checked event. */
export const cloudFrontEventTypeOf = (
  event: CloudFrontEvent,
): CloudFrontEvent['Records'][number]['cf']['config']['eventType'] =>
  (event.Records[0] as CloudFrontEvent['Records'][number]).cf.config.eventType
