import { z } from 'zod'
import { type EventPattern, eventPatternIssues } from '../eventbridge/event-pattern.ts'
import { scheduleExpressionIssues } from '../schedule/schedule-expression.ts'
import { reportIssues } from './zod-issues.ts'

const scheduleSchema = z
  .string()
  .superRefine((expression, context) => reportIssues(context, scheduleExpressionIssues(expression)))

const eventPatternSchema = z
  .custom<EventPattern>(() => true)
  .superRefine((pattern, context) => reportIssues(context, eventPatternIssues(pattern)))

/** A rule on an event bus: either a schedule or an event pattern, never both (AWS rule). */
export const eventBridgeTriggerSchema = z
  .strictObject({
    type: z.literal('eventbridge'),
    schedule: scheduleSchema.optional(),
    eventPattern: eventPatternSchema.optional(),
    /** Schedules only run on the default bus. */
    eventBusName: z
      .string()
      .regex(/^[A-Za-z0-9._\-/]{1,256}$/, {
        error: 'event bus names are 1-256 characters of letters, digits, ".", "_", "-" and "/"',
      })
      .default('default'),
    description: z
      .string()
      .max(512, { error: 'a rule description is at most 512 characters' })
      .optional(),
  })
  .superRefine((trigger, context) => {
    const has = [trigger.schedule, trigger.eventPattern].filter((value) => value !== undefined)
    if (has.length !== 1) {
      context.addIssue({
        code: 'custom',
        message:
          has.length === 0
            ? 'give either schedule (rate(...) or cron(...)) or eventPattern'
            : 'give schedule or eventPattern, not both: an EventBridge rule has one or the other',
      })
    }
    if (trigger.schedule !== undefined && trigger.eventBusName !== 'default') {
      context.addIssue({
        code: 'custom',
        path: ['eventBusName'],
        message: 'scheduled rules run only on the default event bus',
      })
    }
  })

export type EventBridgeTriggerInput = z.input<typeof eventBridgeTriggerSchema>
export type EventBridgeTrigger = z.output<typeof eventBridgeTriggerSchema>
