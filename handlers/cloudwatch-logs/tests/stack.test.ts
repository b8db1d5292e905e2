import { commonHandlerStackChecks, handlerStackUnderTest } from '@repo/deploy'
import { triggerOfType } from '@repo/triggers'
import { Match } from 'aws-cdk-lib/assertions'
import { describe, it } from 'vitest'
import { bundleDir, createStack, permissions } from '../infra/stack.ts'
import { declaration } from '../src/trigger.ts'

// Synthesized once, on first use: synthesis is the slow part.
const stack = handlerStackUnderTest({ declaration, bundleDir, permissions, createStack })

describe('the cloudwatch-logs stack', () => {
  for (const check of commonHandlerStackChecks(stack)) it(check.name, check.run)

  it('subscribes to the declared log group with the declared filter', () => {
    const trigger = triggerOfType(declaration, 'cloudwatch-logs')
    stack.template().hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: 'name' in trigger.logGroup ? trigger.logGroup.name : '',
      FilterName: trigger.filterName,
      FilterPattern: trigger.filterPattern,
    })
    stack.template().hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ARCHIVE_BUCKET: { Ref: 'LogArchive' },
          ALERTS_QUEUE_URL: { Ref: 'Alerts' },
        }),
      },
    })
  })
})
