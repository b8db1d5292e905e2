import { z } from 'zod'
import { albTriggerSchema } from './alb-trigger.ts'
import { cloudFrontTriggerSchema } from './cloudfront-trigger.ts'
import { cloudWatchLogsTriggerSchema } from './cloudwatch-logs-trigger.ts'
import { codePipelineTriggerSchema } from './codepipeline-trigger.ts'
import { eventBridgeTriggerSchema } from './eventbridge-trigger.ts'
import { s3TriggerSchema } from './s3-trigger.ts'
import { snsTriggerSchema } from './sns-trigger.ts'
import { sqsTriggerSchema } from './sqs-trigger.ts'

export const triggerTypes = [
  'alb',
  's3',
  'eventbridge',
  'sns',
  'codepipeline',
  'cloudwatch-logs',
  'sqs',
  'cloudfront',
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
    sqsTriggerSchema,
    cloudFrontTriggerSchema,
  ],
  { error: `type must be one of ${triggerTypes.join(', ')}` },
)

export type TriggerInput = z.input<typeof triggerSchema>
export type Trigger = z.output<typeof triggerSchema>
export type TriggerType = Trigger['type']

/**
 * How the service calls Lambda: an ALB or CloudFront (Lambda@Edge) waits for the answer (`sync`, RequestResponse); an SQS
 * event source mapping polls the queue and invokes synchronously with a batch (`poll`: failures
 * go back to the queue, whose redrive policy ends them, so Lambda's async retry policy never
 * applies); every other trigger here hands the event over and leaves retries to Lambda (`async`).
 */
export type InvocationMode = 'sync' | 'async' | 'poll'

export const invocationModeOf = (trigger: Pick<Trigger, 'type'>): InvocationMode =>
  trigger.type === 'alb' || trigger.type === 'cloudfront'
    ? 'sync'
    : trigger.type === 'sqs'
      ? 'poll'
      : 'async'
