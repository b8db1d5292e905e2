import { commonHandlerStackChecks, synthesizeHandlerStack } from '@repo/deploy'
import { triggerOfType } from '@repo/triggers'
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, it } from 'vitest'
import { bundleDir, createStack, permissions } from '../infra/stack.ts'
import { declaration } from '../src/trigger.ts'

const stackModule = { declaration, bundleDir, permissions, createStack }
// One synth for the whole file: it is the slow part.
let synthesized: ReturnType<typeof synthesizeHandlerStack>
let template: Template
beforeAll(() => {
  synthesized = synthesizeHandlerStack(stackModule)
  template = synthesized.template
})

describe('the alb-http stack', () => {
  for (const check of commonHandlerStackChecks(stackModule, () => synthesized))
    it(check.name, check.run)

  it('puts the function behind the ALB: Lambda target group and one listener rule per route', () => {
    const alb = triggerOfType(declaration, 'alb')
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'lambda',
      HealthCheckPath: alb.healthCheck?.path,
      TargetGroupAttributes: [
        { Key: 'lambda.multi_value_headers.enabled', Value: String(alb.multiValueHeaders) },
      ],
    })
    for (const route of alb.routes) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Priority: route.priority,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: route.pathPatterns } }],
      })
    }
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0)
  })

  it('wires the queue URL and bucket name the config reads', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JOBS_QUEUE_URL: { Ref: 'JobsQueue' },
          FILES_BUCKET: { Ref: 'FilesBucket' },
        }),
      },
    })
  })
})
