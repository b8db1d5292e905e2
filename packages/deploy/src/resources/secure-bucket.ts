import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import { accessLogsBucketOf } from './access-logs-bucket.ts'

/**
 * A bucket a declaration asks for by `ref`: encrypted, SSL only, no public access, versioned
 * (S3 events then carry a version id the handler can read exactly) and access-logged. Its
 * logical ID is the declared ref.
 */
export const createSecureBucket = (scope: Construct, ref: string): Bucket => {
  const bucket = new Bucket(scope, ref, {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    versioned: true,
    serverAccessLogsBucket: accessLogsBucketOf(scope),
    serverAccessLogsPrefix: `${ref}/`,
  })
  ;(bucket.node.defaultChild as CfnBucket).overrideLogicalId(ref)
  return bucket
}
