/** `JobsQueue` → `jobs-queue`: how a logical ID reads inside a physical name. */
const kebab = (logicalId: string): string =>
  logicalId
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()

/**
 * The physical name of a resource one handler's stack creates (a `ref`) and other handlers'
 * stacks use by `{ name }`: `<handler>-<kebab-ref>` (`jobs-worker` + `JobsQueue` →
 * `jobs-worker-jobs-queue`). The local runner names every `ref` this way, so the name another
 * handler declares is the same locally and deployed. FIFO queue names end in `.fifo`.
 */
export const sharedResourceName = (
  handlerName: string,
  ref: string,
  options: { fifo?: boolean } = {},
): string => `${handlerName}-${kebab(ref)}${options.fifo ? '.fifo' : ''}`

/** The dead-letter queue created beside a queue an SQS trigger consumes: `<queue>-dlq` (`.fifo` kept last). */
export const deadLetterQueueName = (queueName: string): string =>
  queueName.endsWith('.fifo')
    ? `${queueName.slice(0, -'.fifo'.length)}-dlq.fifo`
    : `${queueName}-dlq`
