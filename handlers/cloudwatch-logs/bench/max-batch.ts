/**
 * Decoding, redacting and archiving a maximum-size log batch, beside a plain decode of the
 * same batch (base64 → gunzip → JSON.parse) in the same run.
 * Run: node bench/decode-redact-archive.bench.ts
 */
import { encodeCloudWatchLogs } from '@repo/shared'
import type { CloudWatchLogsDecodedData, CloudWatchLogsLogEvent } from 'aws-lambda'

/** CloudWatch Logs caps a batch at 1,048,576 bytes: messages in UTF-8 plus 26 bytes per event. */
export const MAX_BATCH_BYTES = 1_048_576

const requestId = '8f5c5a7e-3b8e-4d39-9d4a-6c2f0d1e2a3b'
const templates = [
  (n: number) =>
    `{"timestamp":"2024-01-01T12:00:00.${n % 1000}Z","level":"INFO","requestId":"${requestId}","message":"processed order ${n}","durationMs":${n % 97}}`,
  (n: number) =>
    `2024-01-01T12:00:00.000Z\t${requestId}\tINFO\tGET https://api.example.com/v1/items/${n} 200`,
  (n: number) =>
    `{"level":"ERROR","requestId":"${requestId}","message":"payment ${n} declined","password":"hunter${n}"}`,
  () => `START RequestId: ${requestId} Version: $LATEST`,
  () => `END RequestId: ${requestId}`,
  () =>
    `REPORT RequestId: ${requestId}\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\tMax Memory Used: 71 MB\t`,
  (n: number) =>
    `2024-01-01T12:00:00.000Z\t${requestId}\tERROR\tInvoke Error {"errorType":"TypeError","stack":["TypeError: x is undefined","    at handler (/var/task/index.mjs:${n}:7)"]}`,
  (n: number) =>
    `connecting to postgres://app:s3cr3t-${n}@db.internal:5432/orders with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.${n}`,
  (n: number) =>
    `2024-01-01T12:00:00.000Z\t${requestId}\tINFO\tcache hit for key user:${n} (${n % 13} ms)`,
  (n: number) => `2024-01-01T12:00:00.000Z\t${requestId}\tWARN\tretrying request ${n} after 200 ms`,
]

/** A realistic mix (JSON, text, Lambda platform lines, secrets, errors) filling one batch. */
export const maxSizeBatch = (): CloudWatchLogsDecodedData => {
  const logEvents: CloudWatchLogsLogEvent[] = []
  let bytes = 0
  const start = Date.parse('2024-01-01T12:00:00Z')
  for (let n = 0; ; n++) {
    const message = (templates[n % templates.length] ?? String)(n)
    const size = Buffer.byteLength(message) + 26
    if (bytes + size > MAX_BATCH_BYTES) break
    bytes += size
    logEvents.push({
      id: (BigInt(start + n) * 10n ** 43n + BigInt(n)).toString().padStart(56, '0'),
      timestamp: start + n,
      message,
    })
  }
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/orders-api',
    logStream: '2024/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
    subscriptionFilters: ['orders-api-to-lambda'],
    logEvents,
  }
}

export const maxSizeEvent = () => encodeCloudWatchLogs(maxSizeBatch())
