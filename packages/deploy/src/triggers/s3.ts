import type { DeepReadonly, S3Trigger } from '@repo/triggers'
import { Stack, Validations } from 'aws-cdk-lib'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { EventType, type NotificationKeyFilter } from 'aws-cdk-lib/aws-s3'
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications'
import { DeployConfigError } from '../errors.ts'
import type { DeclaredResources } from '../resources/declared-resources.ts'

const eventTypes: ReadonlySet<string> = new Set(Object.values(EventType))

const toEventType = (event: string): EventType => {
  if (!eventTypes.has(event)) {
    throw new DeployConfigError(
      `S3 event type "${event}" is not known to this aws-cdk-lib version.`,
    )
  }
  return event as EventType
}

/** One notification configuration per event type (S3's own shape), all with the same filter. */
export const addS3Trigger = (
  fn: IFunction,
  trigger: DeepReadonly<S3Trigger>,
  resources: DeclaredResources,
): void => {
  const bucket = resources.bucket(trigger.bucket)
  const filter: NotificationKeyFilter = {
    ...(trigger.filter?.prefix ? { prefix: trigger.filter.prefix } : {}),
    ...(trigger.filter?.suffix ? { suffix: trigger.filter.suffix } : {}),
  }
  const filters = Object.keys(filter).length > 0 ? [filter] : []
  for (const event of trigger.events) {
    bucket.addEventNotification(toEventType(event), new LambdaDestination(fn), ...filters)
  }
  acknowledgeNotificationsHandler(Stack.of(bucket))
}

/**
 * CloudFormation cannot attach a Lambda notification to a bucket without a loop (the bucket
 * needs the permission, the permission the bucket), so CDK sets notifications from a small
 * custom-resource function of its own.
 */
const acknowledgeNotificationsHandler = (stack: Stack): void => {
  const handler = stack.node.children.find((child) =>
    child.node.id.startsWith('BucketNotificationsHandler'),
  )
  if (handler === undefined) return
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's bucket-notifications custom resource (it sets the S3 notification configuration at deploy time) uses the basic execution policy; only its own logs.",
  })
}
