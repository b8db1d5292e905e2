import { Duration, Stack, Validations } from 'aws-cdk-lib'
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'

const id = 'AccessLogsBucket'

/**
 * One bucket per stack for S3 server access logs, ALB access logs and VPC flow logs, created
 * on first use. SSE-S3 because ALB log delivery cannot write to KMS-encrypted buckets.
 */
export const accessLogsBucketOf = (scope: Construct): Bucket => {
  const stack = Stack.of(scope)
  const existing = stack.node.tryFindChild(id)
  if (existing instanceof Bucket) return existing
  const bucket = new Bucket(stack, id, {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    lifecycleRules: [{ expiration: Duration.days(90) }],
  })
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This is the access-log bucket itself: logging it into itself would loop.',
  })
  return bucket
}
