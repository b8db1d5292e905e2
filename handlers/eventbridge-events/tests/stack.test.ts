import { commonHandlerStackChecks, handlerStackUnderTest } from '@repo/deploy'
import { triggersOfType } from '@repo/triggers'
import { Match } from 'aws-cdk-lib/assertions'
import { describe, it } from 'vitest'
import { bundleDir, createStack, permissions } from '../infra/stack.ts'
import { declaration } from '../src/trigger.ts'

// Synthesized once, on first use: synthesis is the slow part.
const stack = handlerStackUnderTest({ declaration, bundleDir, permissions, createStack })

describe('the eventbridge-events stack', () => {
  for (const check of commonHandlerStackChecks(stack)) it(check.name, check.run)

  it('creates one rule per declared trigger: the schedule and the pipeline pattern', () => {
    for (const trigger of triggersOfType(declaration, 'eventbridge')) {
      stack.template().hasResourceProperties('AWS::Events::Rule', {
        ...(trigger.schedule !== undefined
          ? { ScheduleExpression: trigger.schedule }
          : { EventPattern: trigger.eventPattern }),
        Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue() })],
      })
    }
    stack.template().resourceCountIs('AWS::Events::Rule', 2)
  })
})
