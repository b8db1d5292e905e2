import type { LambdaErrorPayload } from './lambda-error.ts'

export type DestinationCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded'

/**
 * The record Lambda sends to an async invocation's on-success / on-failure destination
 * (see the `async-destination` samples in the corpus). `responseContext` and
 * `responsePayload` are absent when the event expired before any attempt ran.
 */
export interface AsyncDestinationRecord<TEvent = unknown, TResponse = unknown> {
  version: '1.0'
  timestamp: string
  requestContext: {
    requestId: string
    functionArn: string
    condition: DestinationCondition
    approximateInvokeCount: number
  }
  requestPayload: TEvent
  responseContext?: {
    statusCode: number
    executedVersion: string
    functionError?: 'Handled' | 'Unhandled'
  }
  responsePayload?: TResponse | LambdaErrorPayload
}

/** SQS message attributes Lambda sets on a dead-letter-queue message (its body is the event). */
export interface DeadLetterAttributes {
  RequestID: string
  ErrorCode: string
  ErrorMessage: string
}
