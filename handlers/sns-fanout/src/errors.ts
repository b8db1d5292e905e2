/** SQS did not accept one message, after the retries it was worth. */
export class DeliveryError extends Error {
  override name = 'DeliveryError'
  readonly queueUrl: string
  readonly code: string
  readonly senderFault: boolean

  constructor(queueUrl: string, code: string, message: string, senderFault: boolean) {
    super(
      `${queueUrl} refused the message (${code}${senderFault ? ', sender fault' : ''}): ${message}`,
    )
    this.queueUrl = queueUrl
    this.code = code
    this.senderFault = senderFault
  }
}

/**
 * Some records were not delivered. Thrown so Lambda retries the event; records already
 * delivered replay from the idempotency store and are not sent twice.
 */
export class FanoutIncompleteError extends Error {
  override name = 'FanoutIncompleteError'
  readonly failures: readonly { messageId: string; error: unknown }[]

  constructor(total: number, failures: readonly { messageId: string; error: unknown }[]) {
    const shown = failures
      .slice(0, 5)
      .map((failure) => `${failure.messageId}: ${describe(failure.error)}`)
      .join('; ')
    super(`${failures.length} of ${total} SNS message(s) were not delivered: ${shown}`)
    this.failures = failures
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)
