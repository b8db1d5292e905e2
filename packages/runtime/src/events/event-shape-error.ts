/** The triggers whose events @repo/runtime can check. */
export type EventTrigger =
  | 'ALB'
  | 'SNS'
  | 'SQS'
  | 'CodePipeline'
  | 'EventBridge'
  | 'S3'
  | 'CloudWatch Logs'
  | 'CloudFront'

/** What a value is, without quoting it: events carry credentials and personal data. */
export const describeValue = (value: unknown): string => {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string'
  if (typeof value === 'object') return 'an object'
  return typeof value
}

/**
 * The event does not have the shape its trigger sends. Thrown before the handler uses the event,
 * so bad input from a client or a misconfigured trigger is refused by name, never a TypeError
 * deep inside. `field` is a path into the event (`Records[3].Sns.MessageId`), `(event)` for
 * the event itself.
 */
export class EventShapeError extends Error {
  override readonly name = 'EventShapeError'
  readonly trigger: EventTrigger
  readonly field: string
  readonly expected: string

  constructor(trigger: EventTrigger, field: string, expected: string, actual: unknown) {
    super(
      `The ${trigger} event does not have the shape ${trigger} sends: ${field} must be ${expected}, ` +
        `but it is ${actual === undefined ? 'missing' : describeValue(actual)}.`,
    )
    this.trigger = trigger
    this.field = field
    this.expected = expected
  }
}
