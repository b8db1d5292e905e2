import { z } from 'zod'
import { s3EventTypes } from '../s3/s3-event-types.ts'
import { resourceRefSchema } from './resource-ref.ts'

const eventTypeSchema = z.enum(s3EventTypes, {
  error: (issue) =>
    issue.input === 's3:TestEvent'
      ? 's3:TestEvent cannot be subscribed to: S3 sends it once when the notification is set up'
      : `unknown S3 event type "${String(issue.input)}"; AWS accepts: ${s3EventTypes.join(', ')}`,
})

// S3 compares prefix and suffix literally: a "*" would only match a key containing "*".
const literalFilterValue = (label: 'prefix' | 'suffix') =>
  z
    .string()
    .max(1024, { error: `${label} is at most 1024 characters (the S3 key limit)` })
    .refine((value) => !/[*?]/.test(value), {
      error: `S3 ${label} filters are literal: remove the wildcard (write the fixed ${label}, as in "uploads/" or ".jpg")`,
    })

export const s3TriggerSchema = z.strictObject({
  type: z.literal('s3'),
  bucket: resourceRefSchema('bucket'),
  events: z
    .array(eventTypeSchema)
    .min(1, { error: 'list at least one S3 event type, as in s3:ObjectCreated:*' }),
  filter: z
    .strictObject({ prefix: literalFilterValue('prefix'), suffix: literalFilterValue('suffix') })
    .partial()
    .optional(),
})

export type S3TriggerInput = z.input<typeof s3TriggerSchema>
export type S3Trigger = z.output<typeof s3TriggerSchema>
