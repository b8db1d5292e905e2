import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import {
  type CloudFrontEventType,
  edgeBundleIssue,
  type FrozenHandlerDeclaration,
  triggersOfType,
} from '@repo/triggers'
import { Duration, Stack, type StackProps, Tags, Validations } from 'aws-cdk-lib'
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  experimental,
  HttpVersion,
  type IOrigin,
  LambdaEdgeEventType,
  OriginAccessIdentity,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront'
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins'
import { CompositePrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, Code, Runtime } from 'aws-cdk-lib/aws-lambda'
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import { requireBundle } from '../bundle.ts'
import { DeployConfigError } from '../errors.ts'
import { stackNameFor } from '../handler-stack.ts'

/** Lambda@Edge functions are created in US East (N. Virginia) ("Restrictions on Lambda@Edge"). */
export const EDGE_FUNCTION_REGION = 'us-east-1'

const eventTypeOf: Record<CloudFrontEventType, LambdaEdgeEventType> = {
  'viewer-request': LambdaEdgeEventType.VIEWER_REQUEST,
  'origin-request': LambdaEdgeEventType.ORIGIN_REQUEST,
  'origin-response': LambdaEdgeEventType.ORIGIN_RESPONSE,
  'viewer-response': LambdaEdgeEventType.VIEWER_RESPONSE,
}

export interface EdgeHandlerStackProps extends Pick<StackProps, 'env'> {
  /** The handler's `declaration`: cloudfront triggers only. */
  declaration: FrozenHandlerDeclaration
  /** The folder `npm run build` writes (holds index.mjs and nothing the function does not need). */
  bundleDir: string
  /** The distribution's default origin: a DNS name (edge-gateway's is the ALB's). */
  albDomainName: string
  /**
   * When given, a private bucket of this name behind `/_static/*`, read through an origin access
   * identity, for a function whose origin-request step routes static paths to it (edge-gateway).
   * Without it, no bucket.
   */
  staticBucketName?: string
}

/** The zipped size of the package, as Lambda receives it: each file deflated, plus headers. */
const compressedSize = (bundleDir: string): number =>
  readdirSync(bundleDir).reduce(
    (total, file) =>
      total + deflateRawSync(readFileSync(join(bundleDir, file)), { level: 9 }).length + 128,
    0,
  )

/**
 * A Lambda@Edge handler: its function (a numbered version in us-east-1, with the CDK's
 * `experimental.EdgeFunction`) and the CloudFront distribution in front of its origin that runs it
 * at every declared event type (plus, given `staticBucketName`, a private bucket for static files). The stack is pinned to us-east-1, so the function lives in it
 * (EdgeFunction would otherwise add a second stack there). No environment, no idempotency table,
 * no async policy: Lambda@Edge allows none of them.
 */
export class EdgeHandlerStack extends Stack {
  readonly distribution: Distribution
  readonly edgeFunction: experimental.EdgeFunction
  readonly staticBucket: Bucket | undefined

  constructor(scope: Construct, props: EdgeHandlerStackProps) {
    const { declaration } = props
    const region = props.env?.region ?? EDGE_FUNCTION_REGION
    if (region !== EDGE_FUNCTION_REGION) {
      throw new DeployConfigError(
        `Handler "${declaration.name}": Lambda@Edge functions are created in ${EDGE_FUNCTION_REGION} (CloudFront restriction); its stack cannot be in ${region}.`,
      )
    }
    super(scope, stackNameFor(declaration.name), {
      env: { ...props.env, region },
      description: `${declaration.name}: ${declaration.description ?? 'Lambda@Edge handler'} (@repo/deploy)`,
    })
    Tags.of(this).add('handler', declaration.name)
    const triggers = triggersOfType(declaration, 'cloudfront')
    if (triggers.length === 0 || triggers.length !== declaration.triggers.length) {
      throw new DeployConfigError(
        `Handler "${declaration.name}": an EdgeHandlerStack deploys cloudfront triggers only; use HandlerStack for regional triggers.`,
      )
    }
    const bundleDir = requireBundle(props.bundleDir, declaration.name)
    const sizeIssue = edgeBundleIssue(
      triggers.map((trigger) => trigger.eventType),
      compressedSize(bundleDir),
    )
    if (sizeIssue !== undefined)
      throw new DeployConfigError(`Handler "${declaration.name}": ${sizeIssue}`)

    this.edgeFunction = new experimental.EdgeFunction(this, 'Function', {
      functionName: declaration.name,
      description: declaration.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.X86_64,
      code: Code.fromAsset(bundleDir),
      handler: 'index.handler',
      memorySize: declaration.function.memorySize,
      timeout: Duration.seconds(declaration.function.timeout),
      role: this.#role(declaration.name),
    })

    const edgeLambdas = triggers.map((trigger) => ({
      eventType: eventTypeOf[trigger.eventType],
      functionVersion: this.edgeFunction.currentVersion,
      includeBody: trigger.includeBody,
    }))
    const statics =
      props.staticBucketName === undefined ? undefined : this.#staticBucket(props.staticBucketName)
    this.staticBucket = statics?.bucket
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${declaration.name}: Lambda@Edge in front of its origin`,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: this.#logsBucket(),
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: new HttpOrigin(props.albDomainName, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        }),
        // The viewer-request step redirects HTTP itself on HTTPS-only hosts (and sees
        // CloudFront-Forwarded-Proto); other hosts may still be served over HTTP.
        viewerProtocolPolicy: ViewerProtocolPolicy.ALLOW_ALL,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        edgeLambdas,
      },
      // Registers the bucket and its identity with the distribution for the switched origin.
      additionalBehaviors: statics && { '/_static/*': { origin: statics.origin } },
    })
    this.#acknowledgeFindings()
  }

  /**
   * The origin-request step switches static paths to the bucket with authMethod
   * origin-access-identity; CloudFront signs with the identity the distribution holds for it.
   */
  #staticBucket(bucketName: string): { bucket: Bucket; origin: IOrigin } {
    const bucket = new Bucket(this, 'StaticBucket', {
      bucketName,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: this.#logsBucket(),
      serverAccessLogsPrefix: 'static-bucket/',
    })
    const originAccessIdentity = new OriginAccessIdentity(this, 'StaticOriginIdentity')
    bucket.grantRead(originAccessIdentity)
    return {
      bucket,
      origin: S3BucketOrigin.withOriginAccessIdentity(bucket, { originAccessIdentity }),
    }
  }

  #acknowledgeFindings(): void {
    const nodeVersionReason =
      'The bundle is built for Node.js 22 (esbuild target node22), a runtime Lambda@Edge supports; move the runtime and the build target together.'
    Validations.of(this.edgeFunction).acknowledge(
      { id: 'AwsSolutions-L1', reason: nodeVersionReason },
      { id: 'Serverless-LambdaLatestVersion', reason: nodeVersionReason },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by CloudFront, which answers the viewer with the error; Lambda@Edge has no async invocation, so a DLQ never applies.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'Not enabled: active tracing on Lambda@Edge replicas is not verified here. CloudFront logs (x-amz-cf-id) and the per-region log groups trace a request instead.',
      },
    )
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'A public API and site: no geographic restriction. Add geoRestriction to the distribution if your audience is regional.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A WAF web ACL (rate limits, managed rules) is an account-level cost decision: pass webAclId when you have one.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'With the default *.cloudfront.net certificate CloudFront does not apply minimumProtocolVersion; give the distribution your domain and ACM certificate and TLSv1.2_2021 applies.',
      },
    )
    if (this.staticBucket === undefined) return
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR7',
      reason:
        'The origin-request step switches static paths to the S3 origin in the event, whose authMethod is origin-access-identity or none (Lambda@Edge event structure): origin access control cannot be named there.',
    })
  }

  /** Lambda@Edge writes its logs in the region that ran it, to /aws/lambda/us-east-1.<name>. */
  #role(name: string): Role {
    const role = new Role(this, 'Role', {
      assumedBy: new CompositePrincipal(
        new ServicePrincipal('lambda.amazonaws.com'),
        new ServicePrincipal('edgelambda.amazonaws.com'),
      ),
      description: `Runs the ${name} Lambda@Edge handler`,
    })
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [
          `arn:${this.partition}:logs:*:${this.account}:log-group:/aws/lambda/${EDGE_FUNCTION_REGION}.${name}`,
          `arn:${this.partition}:logs:*:${this.account}:log-group:/aws/lambda/${EDGE_FUNCTION_REGION}.${name}:*`,
        ],
      }),
    )
    const logGroup = `arn:<AWS::Partition>:logs:*:<AWS::AccountId>:log-group:/aws/lambda/${EDGE_FUNCTION_REGION}.${name}`
    const reason =
      'Lambda@Edge logs in every region that runs a replica, to its own log group there: the region is a wildcard by design; the group is named.'
    Validations.of(role).acknowledge(
      { id: `AwsSolutions-IAM5[Resource::${logGroup}]`, reason },
      { id: `AwsSolutions-IAM5[Resource::${logGroup}:*]`, reason },
    )
    return role
  }

  #logsBucket(): Bucket {
    const existing = this.node.tryFindChild('EdgeLogsBucket')
    if (existing instanceof Bucket) return existing
    const bucket = new Bucket(this, 'EdgeLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logs are delivered through the bucket ACL.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    })
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself: logging it into itself would loop.',
    })
    return bucket
  }
}
