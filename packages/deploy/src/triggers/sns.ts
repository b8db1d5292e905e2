import type { DeepReadonly, SnsTrigger } from '@repo/triggers'
import { Stack } from 'aws-cdk-lib'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import type { CfnSubscription } from 'aws-cdk-lib/aws-sns'
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { Construct } from 'constructs'
import type { DeclaredResources } from '../resources/declared-resources.ts'
import { createFailureQueue } from '../resources/secure-queue.ts'

/**
 * Subscribes the function with the declared filter policy and scope, written as is: the
 * declaration holds the JSON SNS expects, already validated. Messages SNS cannot deliver
 * (the function throttled or deleted) go to the subscription's dead-letter queue.
 */
export const addSnsTrigger = (
  scope: Construct,
  fn: IFunction,
  trigger: DeepReadonly<SnsTrigger>,
  index: number,
  resources: DeclaredResources,
): void => {
  const deadLetterQueue = createFailureQueue(
    Stack.of(scope),
    index === 0 ? 'SnsSubscriptionDeadLetters' : `SnsSubscriptionDeadLetters${index}`,
  )
  const subscription = resources
    .topic(trigger.topic)
    .addSubscription(new LambdaSubscription(fn, { deadLetterQueue }))
  if (trigger.filterPolicy !== undefined) {
    const cfn = subscription.node.defaultChild as CfnSubscription
    cfn.filterPolicy = trigger.filterPolicy
    cfn.filterPolicyScope = trigger.filterPolicyScope
  }
}
