import { commonHandlerStackChecks, handlerStackUnderTest } from '@repo/deploy'
import { triggerOfType } from '@repo/triggers'
import { Match } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
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
          JOBS_QUEUE_URL: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
          JOBS_TABLE_NAME: 'jobs-worker-jobs-table',
          FILES_BUCKET: { Ref: 'FilesBucket' },
        }),
      },
    })
  })

  it("uses jobs-worker's queue and table by name and creates neither", () => {
    stack.template().resourceCountIs('AWS::SQS::Queue', 0)
    const tables = Object.values(stack.template().findResources('AWS::DynamoDB::Table'))
    expect(tables).toHaveLength(1) // the idempotency table
    expect(JSON.stringify(stack.template().toJSON())).toContain('jobs-worker-jobs-queue')
  })
})
