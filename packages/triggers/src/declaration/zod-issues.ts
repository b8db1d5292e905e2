import type { z } from 'zod'
import type { ValidationIssue } from '../errors.ts'

/** Reports issues found by a plain validator function through zod, so paths and messages survive. */
export const reportIssues = (
  context: z.core.$RefinementCtx,
  issues: readonly ValidationIssue[],
): void => {
  for (const issue of issues) {
    context.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] })
  }
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
