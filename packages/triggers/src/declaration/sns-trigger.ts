import { z } from 'zod'
import { type SnsFilterPolicy, snsFilterPolicyIssues } from '../sns/sns-filter-policy.ts'
import { resourceRefSchema } from './resource-ref.ts'
import { reportIssues } from './zod-issues.ts'

export const snsTriggerSchema = z
  .strictObject({
    type: z.literal('sns'),
    topic: resourceRefSchema('topic'),
    filterPolicy: z.custom<SnsFilterPolicy>(() => true).optional(),
    filterPolicyScope: z
      .enum(['MessageAttributes', 'MessageBody'], {
        error: 'filterPolicyScope is "MessageAttributes" (the SNS default) or "MessageBody"',
      })
      .default('MessageAttributes'),
  })
  .superRefine((trigger, context) => {
    if (trigger.filterPolicy === undefined) return
    const issues = snsFilterPolicyIssues(trigger.filterPolicy, trigger.filterPolicyScope)
    reportIssues(
      context,
      issues.map((issue) => ({ ...issue, path: ['filterPolicy', ...issue.path] })),
    )
  })

export type SnsTriggerInput = z.input<typeof snsTriggerSchema>
export type SnsTrigger = z.output<typeof snsTriggerSchema>
