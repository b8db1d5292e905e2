import type { CapturedLog, LambdaErrorPayload } from '@repo/shared/harness'

/** What one invocation produced, as it crosses from the handler's worker to the runner. */
export type InvocationOutcome = {
  awsRequestId: string
  durationMs: number
  /** Peak V8 heap of the handler's isolate, the closest local stand-in for Lambda's figure. */
  maxMemoryUsedMb: number
  /** Set on the first invocation after a (re)load, as Lambda's REPORT shows it. */
  initDurationMs?: number
  logs: CapturedLog[]
} & (
  | { status: 'success'; result: unknown }
  | { status: 'error' | 'timeout'; error: LambdaErrorPayload }
)

export interface InvokeRequest {
  type: 'invoke'
  id: number
  event: unknown
  awsRequestId: string
}

export type WorkerMessage =
  | { type: 'ready'; initDurationMs: number }
  | { type: 'result'; id: number; outcome: InvocationOutcome }
