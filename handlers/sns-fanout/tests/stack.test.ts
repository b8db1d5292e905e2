import { commonHandlerStackChecks, handlerStackUnderTest } from '@repo/deploy'
import { Match } from 'aws-cdk-lib/assertions'
import { describe, it } from 'vitest'
import { bundleDir, createStack, permissions } from '../infra/stack.ts'
import { declaration } from '../src/trigger.ts'

// Synthesized once, on first use: synthesis is the slow part.
const stack = handlerStackUnderTest({ declaration, bundleDir, permissions, createStack })

describe('the sns-fanout stack', () => {
  for (const check of commonHandlerStackChecks(stack)) it(check.name, check.run)

  it('subscribes to the topic with a dead-letter queue and wires each route from the declaration', () => {
    stack.template().hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: 'EventsTopic' },
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['SnsSubscriptionDeadLetters', 'Arn'] },
      },
    })
    stack.template().hasResourceProperties('AWS::Lambda::Function', {
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
