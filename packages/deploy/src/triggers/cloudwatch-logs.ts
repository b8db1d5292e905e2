import type { CloudWatchLogsTrigger, DeepReadonly } from '@repo/triggers'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { FilterPattern, SubscriptionFilter } from 'aws-cdk-lib/aws-logs'
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations'
import type { Construct } from 'constructs'
import type { DeclaredResources } from '../resources/declared-resources.ts'

/** A subscription filter on the declared log group; an empty pattern forwards every event. */
export const addCloudWatchLogsTrigger = (
  scope: Construct,
  fn: IFunction,
  trigger: DeepReadonly<CloudWatchLogsTrigger>,
  index: number,
  resources: DeclaredResources,
): void => {
  new SubscriptionFilter(scope, `LogSubscription${index}`, {
    logGroup: resources.logGroup(trigger.logGroup),
    destination: new LambdaDestination(fn),
    filterPattern: FilterPattern.literal(trigger.filterPattern),
    filterName: trigger.filterName,
  })
}
