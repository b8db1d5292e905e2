import { commonHandlerStackChecks, synthesizeHandlerStack } from '@repo/deploy'
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

describe('the sns-fanout stack', () => {
  for (const check of commonHandlerStackChecks(stackModule, () => synthesized))
    it(check.name, check.run)

  it('subscribes to the topic with a dead-letter queue and wires each route from the declaration', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: 'EventsTopic' },
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['SnsSubscriptionDeadLetters', 'Arn'] },
      },
    })
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: declaration.name,
      Environment: {
        Variables: Match.objectLike({
          CATCH_ALL_QUEUE_URL: { Ref: 'CatchAllQueue' },
          ROUTE_ORDER_QUEUE_URL: { Ref: 'OrdersQueue' },
          ROUTES: Match.absent(),
        }),
      },
    })
  })
})
