import type { DeepReadonly, EventBridgeTrigger } from '@repo/triggers'
import { Stack } from 'aws-cdk-lib'
import { EventBus, type EventPattern, Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import type { Construct } from 'constructs'
import { createFailureQueue } from '../resources/secure-queue.ts'

/**
 * CDK's EventPattern spells `detail-type` as `detailType` and passes every other key through
 * unchanged, so the declared (AWS-shaped) pattern only needs that one key renamed.
 */
const toCdkPattern = (pattern: Readonly<Record<string, unknown>>): EventPattern =>
  Object.fromEntries(
    Object.entries(pattern).map(([key, value]) => [
      key === 'detail-type' ? 'detailType' : key,
      value,
    ]),
  ) as EventPattern

/**
 * One rule per trigger (a rule holds a schedule or a pattern). Events EventBridge cannot
 * deliver to the function land in one dead-letter queue shared by the rules.
 */
export const addEventBridgeTriggers = (
  scope: Construct,
  fn: IFunction,
  triggers: readonly DeepReadonly<EventBridgeTrigger>[],
): void => {
  if (triggers.length === 0) return
  const deadLetterQueue = createFailureQueue(Stack.of(scope), 'EventBridgeDeadLetters')
  triggers.forEach((trigger, index) => {
    const kind = trigger.schedule !== undefined ? 'Schedule' : 'Pattern'
    const rule = new Rule(scope, `${kind}Rule${index}`, {
      description: trigger.description,
      ...(trigger.schedule !== undefined
        ? { schedule: Schedule.expression(trigger.schedule) }
        : { eventPattern: toCdkPattern(trigger.eventPattern ?? {}) }),
      ...(trigger.eventBusName !== 'default'
        ? { eventBus: EventBus.fromEventBusName(scope, `EventBus${index}`, trigger.eventBusName) }
        : {}),
    })
    rule.addTarget(new LambdaFunction(fn, { deadLetterQueue }))
  })
}
