import type { AlbRoute, AlbTrigger, DeepReadonly } from '@repo/triggers'
import { Duration, Stack, Validations } from 'aws-cdk-lib'
import { FlowLogDestination, SecurityGroup, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2'
import {
  ApplicationListener,
  ApplicationLoadBalancer,
  ApplicationTargetGroup,
  type ListenerCondition as Condition,
  type IApplicationListener,
  ListenerAction,
  ListenerCertificate,
  ListenerCondition,
  SslPolicy,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2'
import { LambdaTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import type { Construct } from 'constructs'
import { accessLogsBucketOf } from '../resources/access-logs-bucket.ts'

export interface AlbOptions {
  /** An existing listener (its ARN and its load balancer's security group): nothing else is created. */
  existingListener?: { listenerArn: string; securityGroupId: string }
  /** An ACM certificate: the created load balancer then listens on HTTPS 443 instead of HTTP 80. */
  certificateArn?: string
}

const listenerId = 'Listener'

/**
 * The listener the routes attach to: an existing one when given, otherwise a small
 * internet-facing ALB in a two-AZ public VPC (no NAT), with access logs and flow logs.
 */
const listenerFor = (scope: Construct, options: AlbOptions): IApplicationListener => {
  const stack = Stack.of(scope)
  const existing = stack.node.tryFindChild(listenerId)
  if (existing !== undefined) return existing as IApplicationListener
  if (options.existingListener !== undefined) {
    const { listenerArn, securityGroupId } = options.existingListener
    return ApplicationListener.fromApplicationListenerAttributes(stack, listenerId, {
      listenerArn,
      securityGroup: SecurityGroup.fromSecurityGroupId(
        stack,
        'ListenerSecurityGroup',
        securityGroupId,
      ),
    })
  }
  const logs = accessLogsBucketOf(stack)
  // The function is not in the VPC: the ALB invokes it through the Lambda API.
  const vpc = new Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 }],
    restrictDefaultSecurityGroup: false,
    flowLogs: { S3: { destination: FlowLogDestination.toS3(logs, 'vpc-flow-logs/') } },
  })
  const loadBalancer = new ApplicationLoadBalancer(stack, 'LoadBalancer', {
    vpc,
    internetFacing: true,
    dropInvalidHeaderFields: true,
  })
  loadBalancer.logAccessLogs(logs, 'alb')
  Validations.of(loadBalancer).acknowledge({
    id: 'AwsSolutions-EC23',
    reason:
      'An internet-facing HTTP API: its load balancer accepts requests from anywhere on its listener port.',
  })
  const https = options.certificateArn !== undefined
  return loadBalancer.addListener(listenerId, {
    port: https ? 443 : 80,
    open: true,
    ...(https
      ? {
          certificates: [ListenerCertificate.fromArn(options.certificateArn ?? '')],
          sslPolicy: SslPolicy.RECOMMENDED_TLS,
        }
      : {}),
    defaultAction: ListenerAction.fixedResponse(404, {
      contentType: 'application/json',
      messageBody: '{"title":"Not Found"}',
    }),
  })
}

const conditionsOf = (route: DeepReadonly<AlbRoute>): Condition[] => [
  ...(route.pathPatterns ? [ListenerCondition.pathPatterns([...route.pathPatterns])] : []),
  ...(route.hostHeaders ? [ListenerCondition.hostHeaders([...route.hostHeaders])] : []),
  ...(route.httpMethods ? [ListenerCondition.httpRequestMethods([...route.httpMethods])] : []),
]

/** A Lambda target group (header mode and health check as declared) and one rule per route. */
export const addAlbTrigger = (
  scope: Construct,
  fn: IFunction,
  trigger: DeepReadonly<AlbTrigger>,
  index: number,
  options: AlbOptions = {},
): void => {
  const targetGroup = new ApplicationTargetGroup(scope, `TargetGroup${index}`, {
    targets: [new LambdaTarget(fn)],
    healthCheck:
      trigger.healthCheck !== undefined
        ? { enabled: true, path: trigger.healthCheck.path, interval: Duration.seconds(60) }
        : { enabled: false },
  })
  targetGroup.setAttribute('lambda.multi_value_headers.enabled', String(trigger.multiValueHeaders))
  const listener = listenerFor(scope, options)
  for (const route of trigger.routes) {
    listener.addTargetGroups(`Route${route.priority}`, {
      priority: route.priority,
      conditions: conditionsOf(route),
      targetGroups: [targetGroup],
    })
  }
}
