import { randomUUID } from 'node:crypto'
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { VirtualClock } from './clock.ts'
import { functionArn } from './context.ts'
import type {
  AsyncDestinationRecord,
  DeadLetterAttributes,
  DestinationCondition,
} from './destination-record.ts'
import { InvalidAsyncPolicyError } from './errors.ts'
import {
  type InvocableHandler,
  type InvocationResult,
  type InvokeOptions,
  invoke,
} from './invoke.ts'

/** An SQS queue Lambda delivers to (on-failure / on-success destination or dead-letter queue). */
export interface SqsTarget {
  sqs: SQSClient
  queueUrl: string
}

/** Lambda's `FunctionEventInvokeConfig`, plus the legacy dead-letter queue. */
export interface AsyncInvocationPolicy {
  /** 0–2, default 2. */
  maximumRetryAttempts?: number
  /** 60–21600, default 21600. */
  maximumEventAgeInSeconds?: number
  onFailure?: SqsTarget
  onSuccess?: SqsTarget
  deadLetterQueue?: SqsTarget
}

export interface InvokeAsyncOptions
  extends AsyncInvocationPolicy,
    Omit<InvokeOptions, 'clock' | 'startedAt'> {
  /** Virtual time the retries wait on; a fresh one by default. */
  clock?: VirtualClock
  /** When Lambda queued the event (default: now), to test events that waited in the queue. */
  enqueuedAt?: number
}

export interface AsyncAttempt<TResult> {
  /** 1 for the first try. */
  number: number
  /** Virtual ms since the event was queued. */
  offsetMs: number
  status: InvocationResult<TResult>['status']
  durationMs: number
  invocation: InvocationResult<TResult>
}

export interface AsyncInvocationReport<TEvent, TResult> {
  awsRequestId: string
  attempts: AsyncAttempt<TResult>[]
  /** `Success`, or why Lambda gave up on the event. */
  condition: DestinationCondition
  /** What Lambda would send to a destination; built even when no destination is configured. */
  destinationRecord: AsyncDestinationRecord<TEvent, TResult>
  /** SQS message IDs of what was actually sent. */
  sent: { onSuccess?: string; onFailure?: string; deadLetterQueue?: string }
}

/** Lambda waits one minute before the first retry and two before the second. */
export const retryDelaysMs = [60_000, 120_000] as const

const checkPolicy = (
  policy: AsyncInvocationPolicy,
): Required<Pick<AsyncInvocationPolicy, 'maximumRetryAttempts' | 'maximumEventAgeInSeconds'>> => {
  const maximumRetryAttempts = policy.maximumRetryAttempts ?? 2
  const maximumEventAgeInSeconds = policy.maximumEventAgeInSeconds ?? 21_600
  if (
    !Number.isInteger(maximumRetryAttempts) ||
    maximumRetryAttempts < 0 ||
    maximumRetryAttempts > 2
  ) {
    throw new InvalidAsyncPolicyError(
      `maximumRetryAttempts must be an integer from 0 to 2 (Lambda's limit); got ${maximumRetryAttempts}.`,
    )
  }
  if (
    !Number.isInteger(maximumEventAgeInSeconds) ||
    maximumEventAgeInSeconds < 60 ||
    maximumEventAgeInSeconds > 21_600
  ) {
    throw new InvalidAsyncPolicyError(
      `maximumEventAgeInSeconds must be an integer from 60 to 21600 (Lambda's limit); got ${maximumEventAgeInSeconds}.`,
    )
  }
  return { maximumRetryAttempts, maximumEventAgeInSeconds }
}

const send = async (target: SqsTarget, body: unknown, attributes?: DeadLetterAttributes) => {
  const output = await target.sqs.send(
    new SendMessageCommand({
      QueueUrl: target.queueUrl,
      MessageBody: JSON.stringify(body),
      MessageAttributes: attributes
        ? Object.fromEntries(
            Object.entries(attributes).map(([name, value]) => [
              name,
              { DataType: 'String', StringValue: value },
            ]),
          )
        : undefined,
    }),
  )
  return output.MessageId
}

/**
 * Invokes a handler as Lambda's asynchronous invocation does: the first attempt, then up to
 * `maximumRetryAttempts` retries one and then two minutes (virtual) after the previous attempt
 * ended, all with the same request ID; an event older than `maximumEventAgeInSeconds` is not
 * attempted again. Failed (or, with `onSuccess`, successful) events are sent on as Lambda would.
 */
export const invokeAsync = async <TEvent, TResult>(
  handler: InvocableHandler<TEvent, TResult>,
  event: TEvent,
  options: InvokeAsyncOptions = {},
): Promise<AsyncInvocationReport<TEvent, TResult>> => {
  const { maximumRetryAttempts, maximumEventAgeInSeconds } = checkPolicy(options)
  const { onFailure, onSuccess, deadLetterQueue, enqueuedAt: _, ...invokeOptions } = options
  const clock = options.clock ?? new VirtualClock()
  const enqueuedAt = options.enqueuedAt ?? clock.now()
  const awsRequestId = options.awsRequestId ?? randomUUID()
  const functionVersion = options.functionVersion ?? '$LATEST'
  const attempts: AsyncAttempt<TResult>[] = []

  let condition: DestinationCondition = 'RetriesExhausted'
  for (let number = 1; number <= maximumRetryAttempts + 1; number++) {
    const previous = attempts.at(-1)
    if (previous) {
      const delay = retryDelaysMs[number - 2] ?? 120_000
      await clock.advanceTo(previous.invocation.startedAt + previous.durationMs + delay)
    }
    if (clock.now() - enqueuedAt > maximumEventAgeInSeconds * 1000) {
      condition = 'EventAgeExceeded'
      break
    }
    const invocation = await invoke(handler, event, { ...invokeOptions, clock, awsRequestId })
    attempts.push({
      number,
      offsetMs: invocation.startedAt - enqueuedAt,
      status: invocation.status,
      durationMs: invocation.durationMs,
      invocation,
    })
    if (invocation.status === 'success') {
      condition = 'Success'
      break
    }
  }

  const last = attempts.at(-1)?.invocation
  const destinationRecord: AsyncDestinationRecord<TEvent, TResult> = {
    version: '1.0',
    timestamp: new Date(clock.now()).toISOString(),
    requestContext: {
      requestId: awsRequestId,
      functionArn: functionArn({ ...options, qualifier: options.qualifier ?? functionVersion }),
      condition,
      approximateInvokeCount: attempts.length,
    },
    requestPayload: event,
    ...(last && {
      responseContext: {
        statusCode: 200,
        executedVersion: functionVersion,
        ...(last.status !== 'success' && { functionError: last.functionError }),
      },
      responsePayload: last.status === 'success' ? last.result : last.error,
    }),
  }

  const sent: AsyncInvocationReport<TEvent, TResult>['sent'] = {}
  if (condition === 'Success') {
    if (onSuccess) sent.onSuccess = await send(onSuccess, destinationRecord)
  } else {
    if (onFailure) sent.onFailure = await send(onFailure, destinationRecord)
    if (deadLetterQueue) {
      const error = last && last.status !== 'success' ? last.error : undefined
      sent.deadLetterQueue = await send(deadLetterQueue, event, {
        RequestID: awsRequestId,
        ErrorCode: '200',
        ErrorMessage: (error?.errorMessage ?? 'Event age exceeded').slice(0, 1024),
      })
    }
  }
  return { awsRequestId, attempts, condition, destinationRecord, sent }
}
