import { z } from 'zod'
import { albTriggerSchema } from './alb-trigger.ts'
import { cloudWatchLogsTriggerSchema } from './cloudwatch-logs-trigger.ts'
import { codePipelineTriggerSchema } from './codepipeline-trigger.ts'
import { eventBridgeTriggerSchema } from './eventbridge-trigger.ts'
import { s3TriggerSchema } from './s3-trigger.ts'
import { snsTriggerSchema } from './sns-trigger.ts'

export const triggerTypes = [
  'alb',
  's3',
  'eventbridge',
  'sns',
  'codepipeline',
  'cloudwatch-logs',
] as const

export const triggerSchema = z.discriminatedUnion(
  'type',
  [
    albTriggerSchema,
    s3TriggerSchema,
    eventBridgeTriggerSchema,
    snsTriggerSchema,
    codePipelineTriggerSchema,
    cloudWatchLogsTriggerSchema,
  ],
  { error: `type must be one of ${triggerTypes.join(', ')}` },
)

export type TriggerInput = z.input<typeof triggerSchema>
export type Trigger = z.output<typeof triggerSchema>
export type TriggerType = Trigger['type']

/**
 * How the service calls Lambda: an ALB waits for the answer (RequestResponse); every
 * other trigger here hands the event over and leaves retries to Lambda (Event).
 */
export type InvocationMode = 'sync' | 'async'

export const invocationModeOf = (trigger: Pick<Trigger, 'type'>): InvocationMode =>
  trigger.type === 'alb' ? 'sync' : 'async'
