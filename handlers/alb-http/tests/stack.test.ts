import { commonHandlerStackChecks, handlerStackUnderTest } from '@repo/deploy'
import { triggerOfType } from '@repo/triggers'
import { Match } from 'aws-cdk-lib/assertions'
import { describe, it } from 'vitest'
import { bundleDir, createStack, permissions } from '../infra/stack.ts'
import { declaration } from '../src/trigger.ts'

// Synthesized once, on first use: synthesis is the slow part.
const stack = handlerStackUnderTest({ declaration, bundleDir, permissions, createStack })

describe('the alb-http stack', () => {
  for (const check of commonHandlerStackChecks(stack)) it(check.name, check.run)

  it('puts the function behind the ALB: Lambda target group and one listener rule per route', () => {
    const alb = triggerOfType(declaration, 'alb')
    stack.template().hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'lambda',
      HealthCheckPath: alb.healthCheck?.path,
      TargetGroupAttributes: [
        { Key: 'lambda.multi_value_headers.enabled', Value: String(alb.multiValueHeaders) },
      ],
    })
    for (const route of alb.routes) {
      stack.template().hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Priority: route.priority,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: route.pathPatterns } }],
      })
    }
    stack.template().resourceCountIs('AWS::Lambda::EventInvokeConfig', 0)
  })

  it('wires the queue URL and bucket name the config reads', () => {
    stack.template().hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JOBS_QUEUE_URL: { Ref: 'JobsQueue' },
          FILES_BUCKET: { Ref: 'FilesBucket' },
        }),
      },
    })
  })
})
