import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { buffer } from 'node:stream/consumers'

/** The SQS actions whose answers carry queue URLs (fauxqs speaks SQS's JSON protocol only). */
const ACTIONS_WITH_QUEUE_URLS = new Set([
  'AmazonSQS.CreateQueue',
  'AmazonSQS.GetQueueUrl',
  'AmazonSQS.ListQueues',
  'AmazonSQS.ListDeadLetterSourceQueues',
])

export const answersWithQueueUrls = (headers: IncomingHttpHeaders): boolean => {
  const target = headers['x-amz-target']
  return typeof target === 'string' && ACTIONS_WITH_QUEUE_URLS.has(target)
}

/**
 * fauxqs names queues `http://sqs.<region>.localhost:<its own port>/<account>/<name>`: a port
 * that changes every run, behind the proxy, on a host that does not resolve everywhere. Every
 * URL we hand out is on the advertised endpoint instead; fauxqs finds a queue by its path.
 */
export const advertiseQueueUrls = (body: Buffer, endpoint: string): Buffer => {
  let document: unknown
  try {
    document = JSON.parse(body.toString('utf8'))
  } catch {
    return body
  }
  if (typeof document !== 'object' || document === null) return body
  const onEndpoint = (url: unknown) => {
    if (typeof url !== 'string') return url
    try {
      return `${endpoint}${new URL(url).pathname}`
    } catch {
      return url
    }
  }
  const answer = document as Record<string, unknown>
  if (Object.hasOwn(answer, 'QueueUrl')) answer.QueueUrl = onEndpoint(answer.QueueUrl)
  for (const list of ['QueueUrls', 'queueUrls'])
    if (Array.isArray(answer[list])) answer[list] = (answer[list] as unknown[]).map(onEndpoint)
  return Buffer.from(JSON.stringify(answer))
}

/** Relays one small SQS answer with its queue URLs on `endpoint`. */
export const relayWithAdvertisedQueueUrls = async (
  upstream: IncomingMessage,
  outgoing: ServerResponse,
  endpoint: string,
): Promise<void> => {
  const status = upstream.statusCode ?? 502
  const original = await buffer(upstream)
  const body = status >= 200 && status < 300 ? advertiseQueueUrls(original, endpoint) : original
  const headers = { ...upstream.headers, 'content-length': String(body.length) }
  delete headers['transfer-encoding']
  outgoing.writeHead(status, upstream.statusMessage, headers)
  outgoing.end(body)
}
