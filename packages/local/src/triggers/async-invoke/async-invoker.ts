import { randomUUID } from 'node:crypto'
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import {
  type AsyncDestinationRecord,
  type DestinationCondition,
  functionArn,
  retryDelaysMs,
} from '@repo/shared/harness'
import { ACCOUNT_ID, REGION } from '../../emulators/emulators.ts'
import type { InvocationOutcome } from '../../function/invocation.ts'

export interface AsyncPolicyLocal {
  maximumRetryAttempts: number
  maximumEventAgeInSeconds: number
  /** The on-failure destination, if any. */
  onFailure?: { sqs: SQSClient; queueUrl: string }
}

export interface AsyncInvokerOptions {
  functionName: string
  policy: AsyncPolicyLocal
  /** 60 makes Lambda's one-minute retry wait one second. */
  timeScale: number
  invoke(event: unknown, awsRequestId: string): Promise<InvocationOutcome>
}

export interface AsyncInvocationResult {
  awsRequestId: string
  condition: DestinationCondition
  attempts: number
  /** SQS message ID of the destination record, when one was sent. */
  sentToOnFailure?: string
}

/**
 * Lambda's asynchronous invocation, on the real clock: the first attempt, then retries one and
 * two minutes (divided by `timeScale`) after the previous attempt ended, all with one request
 * ID; an event older than the maximum age is dropped; what failed goes to the on-failure queue
 * as the same destination record the harness's `invokeAsync` builds (the original event
 * included). The harness itself runs on a virtual clock, which a live runner cannot use.
 */
export const invokeAsynchronously = async (
  event: unknown,
  options: AsyncInvokerOptions,
): Promise<AsyncInvocationResult> => {
  const { policy, timeScale } = options
  const awsRequestId = randomUUID()
  const enqueuedAt = Date.now()
  const ageMs = () => (Date.now() - enqueuedAt) * timeScale
  let condition: DestinationCondition = 'RetriesExhausted'
  let last: InvocationOutcome | undefined
  let attempts = 0
  for (let attempt = 1; attempt <= policy.maximumRetryAttempts + 1; attempt++) {
    if (attempt > 1) {
      const delay = retryDelaysMs[attempt - 2] ?? 120_000
      await new Promise((resolve) => setTimeout(resolve, delay / timeScale))
    }
    if (ageMs() > policy.maximumEventAgeInSeconds * 1000) {
      condition = 'EventAgeExceeded'
      break
    }
    attempts = attempt
    last = await options.invoke(event, awsRequestId)
    if (last.status === 'success') return { awsRequestId, condition: 'Success', attempts }
  }
  const record: AsyncDestinationRecord<unknown, unknown> = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: awsRequestId,
      functionArn: functionArn({
        functionName: options.functionName,
        region: REGION,
        accountId: ACCOUNT_ID,
        qualifier: '$LATEST',
      }),
      condition,
      approximateInvokeCount: attempts,
    },
    requestPayload: event,
    ...(last && {
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(last.status !== 'success' && { functionError: 'Unhandled' as const }),
      },
      responsePayload: last.status === 'success' ? last.result : last.error,
    }),
  }
  if (!policy.onFailure) return { awsRequestId, condition, attempts }
  const sent = await policy.onFailure.sqs.send(
    new SendMessageCommand({
      QueueUrl: policy.onFailure.queueUrl,
      MessageBody: JSON.stringify(record),
    }),
  )
  return { awsRequestId, condition, attempts, sentToOnFailure: sent.MessageId }
}
