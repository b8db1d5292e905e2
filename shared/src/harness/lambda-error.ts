/** The error payload Lambda returns for a failed invocation (and puts in destination records). */
export interface LambdaErrorPayload {
  errorType: string
  errorMessage: string
  stackTrace?: string[]
}

/** How Lambda's Node runtime turns whatever a handler threw into a response payload. */
export const toLambdaError = (thrown: unknown): LambdaErrorPayload => {
  if (thrown instanceof Error) {
    return {
      errorType: thrown.name,
      errorMessage: thrown.message,
      stackTrace: (thrown.stack ?? '').split('\n').filter((line) => line.length > 0),
    }
  }
  if (typeof thrown === 'string') return { errorType: 'string', errorMessage: thrown }
  return { errorType: typeof thrown, errorMessage: JSON.stringify(thrown) ?? String(thrown) }
}

export const timeoutError = (awsRequestId: string, timeoutSeconds: number): LambdaErrorPayload => ({
  errorType: 'Sandbox.Timedout',
  errorMessage: `RequestId: ${awsRequestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
})
