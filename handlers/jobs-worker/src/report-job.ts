import * as z from 'zod/mini'
import { JobPayloadError } from './errors.ts'
import type { JobType } from './job-types.ts'

/** Enough for real work, small enough that one job never nears the function timeout. */
export const MAX_REPORT_VALUES = 100_000

const payloadSchema = z.strictObject(
  {
    title: z.optional(
      z
        .string({ error: 'title must be a string' })
        .check(z.maxLength(200, { error: 'title is at most 200 characters' })),
    ),
    values: z
      .array(z.number({ error: 'values holds finite numbers only' }), {
        error: 'values must be an array of numbers',
      })
      .check(
        z.minLength(1, { error: 'values needs at least one number' }),
        z.maxLength(MAX_REPORT_VALUES, {
          error: `values holds at most ${MAX_REPORT_VALUES} numbers`,
        }),
      ),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field(s): ${issue.keys.join(', ')}`
        : 'payload must be an object',
  },
)

export interface Report {
  title: string | null
  count: number
  sum: number
  mean: number
  min: number
  max: number
  median: number
}

/** Summary statistics of `values`: the same payload always gives the same report. */
export const buildReport = (payload: Readonly<Record<string, unknown>>): Report => {
  const parsed = z.safeParse(payloadSchema, payload)
  if (!parsed.success) {
    throw new JobPayloadError(
      'report',
      parsed.error.issues.map((issue) =>
        issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
      ),
    )
  }
  const { values, title } = parsed.data
  const sorted = Float64Array.from(values).sort()
  const count = sorted.length
  // Summed in sorted order, so the float result does not depend on the payload's order.
  const sum = sorted.reduce((total, value) => total + value, 0)
  const middle = Math.floor(count / 2)
  const median =
    count % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
  return {
    title: title ?? null,
    count,
    sum,
    mean: sum / count,
    min: sorted[0] as number,
    max: sorted[count - 1] as number,
    median,
  }
}

export const reportJob: JobType = { run: buildReport }
