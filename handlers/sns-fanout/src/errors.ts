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

export interface FanoutProgress {
  total: number
  /** Records sent now or replayed from an earlier delivery. */
  done: number
  failures: readonly { messageId: string; error: unknown }[]
  /** Records not started: the invocation ran out of time (see DEADLINE_MARGIN_MS). */
  notStarted: number
}

/**
 * Some records were not delivered, or not started before the deadline. Thrown so Lambda retries
 * the event; records already delivered replay from the idempotency store and are not sent twice,
 * so each retry goes further.
 */
export class FanoutIncompleteError extends Error {
  override name = 'FanoutIncompleteError'
  readonly done: number
  readonly failures: readonly { messageId: string; error: unknown }[]
  readonly notStarted: number

  constructor({ total, done, failures, notStarted }: FanoutProgress) {
    const shown = failures
      .slice(0, 5)
      .map((failure) => `${failure.messageId}: ${describe(failure.error)}`)
      .join('; ')
    const parts = [`${done} of ${total} SNS message(s) delivered`]
    if (failures.length > 0) parts.push(`${failures.length} failed (${shown})`)
    if (notStarted > 0) {
      parts.push(`${notStarted} not started before the deadline; the retry continues from them`)
    }
    super(`${parts.join('; ')}.`)
    this.done = done
    this.failures = failures
    this.notStarted = notStarted
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)
