import { Alias } from 'aws-cdk-lib/aws-kms'
import { type CfnTopic, Topic } from 'aws-cdk-lib/aws-sns'
import type { Construct } from 'constructs'

/**
 * A topic a declaration asks for by `ref`: encrypted with the AWS managed SNS key (Lambda
 * subscriptions need no key grants) and refusing publishes that are not over TLS.
 */
export const createSecureTopic = (scope: Construct, ref: string, topicName?: string): Topic => {
  const topic = new Topic(scope, ref, {
    ...(topicName !== undefined ? { topicName } : {}),
    masterKey: Alias.fromAliasName(scope, `${ref}Key`, 'alias/aws/sns'),
    enforceSSL: true,
  })
  ;(topic.node.defaultChild as CfnTopic).overrideLogicalId(ref)
  return topic
}
