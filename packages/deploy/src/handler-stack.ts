import { Stack, type StackProps, Tags } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { stackEnvironment } from './environment.ts'
import { HandlerFunction, type HandlerFunctionProps } from './handler-function.ts'
import type { AlbOptions } from './triggers/alb.ts'

export interface HandlerStackProps extends HandlerFunctionProps, Pick<StackProps, 'env'> {}

/** `s3-objects` → `LambdaTriggers-S3Objects`: the stack name and the template's file name. */
export const stackNameFor = (handlerName: string): string =>
  `LambdaTriggers-${handlerName
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`

/** A CDK context value (`CDK_CONTEXT_JSON` at synth) when it is a non-empty string. */
export const contextString = (scope: Construct, key: string): string | undefined => {
  const value: unknown = scope.node.tryGetContext(key)
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * ALB settings from CDK context (albListenerArn + albSecurityGroupId, or albCertificateArn), so the
 * same app deploys next to an existing load balancer. A handler's `node infra/app.ts` reads them from
 * `CDK_CONTEXT_JSON` (not `-c` flags), at synth time: deploy uses the synthesized cdk.out.
 */
const albOptionsFromContext = (scope: Construct): AlbOptions => {
  const listenerArn = contextString(scope, 'albListenerArn')
  const securityGroupId = contextString(scope, 'albSecurityGroupId')
  const certificateArn = contextString(scope, 'albCertificateArn')
  return {
    ...(listenerArn !== undefined && securityGroupId !== undefined
      ? { existingListener: { listenerArn, securityGroupId } }
      : {}),
    ...(certificateArn !== undefined ? { certificateArn } : {}),
  }
}

const modernFeatureFlags = [
  // S3 server access logs delivered through a bucket policy, not the legacy LogDeliveryWrite ACL.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy',
]

/** One handler, one stack: everything its declaration asks for, named after the handler. */
export class HandlerStack extends Stack {
  readonly handler: HandlerFunction

  constructor(scope: Construct, props: HandlerStackProps) {
    const { declaration } = props
    super(scope, stackNameFor(declaration.name), {
      env: props.env ?? stackEnvironment(),
      description: `${declaration.name}: ${declaration.description ?? 'Lambda handler'} (@repo/deploy)`,
    })
    // Current CDK behaviour for the few flags these resources read (a new `cdk init` sets them).
    for (const flag of modernFeatureFlags) this.node.setContext(flag, true)
    Tags.of(this).add('handler', declaration.name)
    this.handler = new HandlerFunction(this, 'Handler', {
      ...props,
      triggerOptions: {
        alb: albOptionsFromContext(this),
        pipeline: { sourceObjectKey: contextString(this, 'pipelineSourceObjectKey') },
        ...props.triggerOptions,
      },
    })
  }
}
