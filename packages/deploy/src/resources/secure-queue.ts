import { deadLetterQueueName } from '@repo/triggers'
import { Duration, Validations } from 'aws-cdk-lib'
import { type CfnQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'

// SQS keeps a message at most 14 days: a failure record should wait as long as possible.
const maximumRetention = Duration.days(14)

const secureQueueProps = {
  encryption: QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  retentionPeriod: maximumRetention,
} as const

const withLogicalId = (queue: Queue, logicalId: string): Queue => {
  ;(queue.node.defaultChild as CfnQueue).overrideLogicalId(logicalId)
  return queue
}

/** A dead-letter queue is where failures stop: one behind it would only move them again. */
const acknowledgeLastStop = (queue: Queue, what: string): void => {
  const reason = `This queue is ${what}: failed messages stop here, and a dead-letter queue behind it would only move them again.`
  Validations.of(queue).acknowledge(
    { id: 'AwsSolutions-SQS3', reason },
    { id: 'Serverless-SQSRedrivePolicy', reason },
  )
}

export interface WorkQueueSettings {
  /** A fixed physical name (other stacks use the queue by name); generated when absent. */
  queueName?: string
  fifo?: boolean
  /** The consumer's: at least 6 × its function timeout (the SQS trigger declares it). */
  visibilityTimeoutSeconds?: number
  /** Receives before the redrive policy moves a message to the dead-letter queue. */
  maxReceiveCount?: number
}

/**
 * A queue the handler writes to or consumes (declared by `ref`): SSE-SQS, SSL only, and a
 * redrive policy so its consumer gets a dead-letter queue for messages it cannot process. A
 * FIFO queue's DLQ is FIFO too (SQS requires it).
 */
export const createWorkQueue = (
  scope: Construct,
  ref: string,
  settings: WorkQueueSettings = {},
): Queue => {
  const fifo = settings.fifo === true
  const deadLettersName =
    settings.queueName === undefined ? undefined : deadLetterQueueName(settings.queueName)
  const deadLetters = withLogicalId(
    new Queue(scope, `${ref}DeadLetters`, {
      ...secureQueueProps,
      ...(fifo ? { fifo } : {}),
      ...(deadLettersName ? { queueName: deadLettersName } : {}),
    }),
    `${ref}DeadLetters`,
  )
  acknowledgeLastStop(deadLetters, `the dead-letter queue of ${ref}`)
  return withLogicalId(
    new Queue(scope, ref, {
      ...secureQueueProps,
      ...(fifo ? { fifo } : {}),
      ...(settings.queueName ? { queueName: settings.queueName } : {}),
      ...(settings.visibilityTimeoutSeconds !== undefined
        ? { visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds) }
        : {}),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: settings.maxReceiveCount ?? 5 },
    }),
    ref,
  )
}

/**
 * A last-stop queue: an on-failure destination, an SNS subscription DLQ or an EventBridge
 * target DLQ. It is where failures end up, so it has no DLQ of its own.
 */
export const createFailureQueue = (scope: Construct, logicalId: string): Queue => {
  const queue = withLogicalId(new Queue(scope, logicalId, secureQueueProps), logicalId)
  acknowledgeLastStop(queue, 'a dead-letter destination (async on-failure, SNS or EventBridge DLQ)')
  return queue
}
