import type { LocalRuntime } from '../function/runtime.ts'
import type { Output } from '../output.ts'
import { wireS3Notifications } from './s3/wire.ts'
import { createRuleRouter, type RuleRouter } from './schedules/rule-router.ts'
import { wireSnsSubscriptions } from './sns/wire.ts'
import { wireSqsMappings } from './sqs/wire.ts'

export interface WiredTriggers {
  rules: RuleRouter
  /** Unsubscribes, stops the pollers and the schedule timers. */
  stop(): Promise<void>
}

/**
 * Connects every declared asynchronous trigger to its handler: S3 notifications, SNS
 * subscriptions, schedules, and the CloudWatch Logs subscription. (ALB requests come in
 * through the listener; CodePipeline jobs and pattern rules through the control API.)
 */
export const wireTriggers = (
  runtime: LocalRuntime,
  options: { timeScale: number; output: Output },
): WiredTriggers => {
  runtime.enableLogSubscription()
  const rules = createRuleRouter(runtime)
  const stoppers = [
    wireS3Notifications(runtime, options.output),
    ...wireSnsSubscriptions(runtime, options.output),
    ...wireSqsMappings(runtime, options),
    rules.startSchedules(options.timeScale),
  ]
  return {
    rules,
    stop: async () => {
      await Promise.all(stoppers.map((stop) => stop()))
    },
  }
}
