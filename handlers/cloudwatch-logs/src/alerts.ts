import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import type { BatchSource } from './archive.ts'
import { AlertDeliveryError } from './errors.ts'
import type { ParsedLogEvent } from './parse-log-event.ts'

/** SendMessageBatch limits: 10 entries and 256 KiB of message bodies per call. */
export const SQS_BATCH_ENTRIES = 10
export const SQS_BATCH_BYTES = 256 * 1024
/** Long stack traces are cut so one alert never crowds a batch; the archive keeps them whole. */
export const ALERT_MESSAGE_CHARS = 8 * 1024

/**
 * One alert's body: `{logGroup, logStream, id, timestamp, level, requestId?, message}`, exactly
 * what JSON.stringify writes for that object. The log group and stream are the same for every
 * alert of a batch, so they are escaped once per batch (`alertBodies(source)`), not per alert;
 * the message's JSON text is the archive line's when the caller has it and the message is whole.
 */
export const alertBodies = (source: BatchSource) => {
  const head = `{"logGroup":${JSON.stringify(source.logGroup)},"logStream":${JSON.stringify(source.logStream)},"id":`
  return (event: ParsedLogEvent, messageJson?: string): string => {
    const message =
      event.message.length > ALERT_MESSAGE_CHARS
        ? JSON.stringify(`${event.message.slice(0, ALERT_MESSAGE_CHARS)}… [truncated]`)
        : (messageJson ?? JSON.stringify(event.message))
    const requestId =
      event.requestId === undefined ? '' : `,"requestId":${JSON.stringify(event.requestId)}`
    // Consumers dedupe on the id: a batch retried after a partial send repeats its alerts.
    return `${head}${JSON.stringify(event.id)},"timestamp":${JSON.stringify(event.timestamp)},"level":${JSON.stringify(event.level ?? 'ERROR')}${requestId},"message":${message}}`
  }
}

/** Greedy packing by entry count and byte size, order kept. */
export const packBatches = (
  bodies: readonly string[],
  limits = { entries: SQS_BATCH_ENTRIES, bytes: SQS_BATCH_BYTES },
): string[][] => {
  const batches: string[][] = []
  let current: string[] = []
  let bytes = 0
  for (const body of bodies) {
    const size = Buffer.byteLength(body)
    if (current.length > 0 && (current.length === limits.entries || bytes + size > limits.bytes)) {
      batches.push(current)
      current = []
      bytes = 0
    }
    current.push(body)
    bytes += size
  }
  if (current.length > 0) batches.push(current)
  return batches
}

const sendBatch = async (
  sqs: SQSClient,
  queueUrl: string,
  entries: SendMessageBatchRequestEntry[],
) => {
  const output = await sqs.send(
    new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
  )
  const failed = new Set((output.Failed ?? []).map((failure) => failure.Id))
  return { entries: entries.filter((entry) => failed.has(entry.Id)), failures: output.Failed ?? [] }
}

/** Sends every body; entries SQS refuses get one more try, then the batch fails as a whole. */
export const sendAlerts = async (
  sqs: SQSClient,
  queueUrl: string,
  bodies: readonly string[],
): Promise<number> => {
  for (const batch of packBatches(bodies)) {
    const entries = batch.map((body, index) => ({ Id: `alert-${index}`, MessageBody: body }))
    let attempt = await sendBatch(sqs, queueUrl, entries)
    if (attempt.entries.length > 0) attempt = await sendBatch(sqs, queueUrl, attempt.entries)
    if (attempt.entries.length > 0) {
      const codes = attempt.failures.map((failure) => `${failure.Code}: ${failure.Message}`)
      throw new AlertDeliveryError(
        `SQS refused ${attempt.entries.length} alert(s) twice (${codes.join('; ')}); the batch will be retried.`,
      )
    }
  }
  return bodies.length
}
