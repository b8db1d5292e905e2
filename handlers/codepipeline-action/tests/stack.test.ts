import { commonHandlerStackChecks, handlerStackUnderTest } from '@repo/deploy'
import { serializeUserParameters, triggerOfType } from '@repo/triggers'
import { Match } from 'aws-cdk-lib/assertions'
import { describe, it } from 'vitest'
import { bundleDir, createStack, permissions } from '../infra/stack.ts'
import { declaration } from '../src/trigger.ts'

// Synthesized once, on first use: synthesis is the slow part.
const stack = handlerStackUnderTest({ declaration, bundleDir, permissions, createStack })

describe('the codepipeline-action stack', () => {
  for (const check of commonHandlerStackChecks(stack)) it(check.name, check.run)

  it('runs as the declared action of the declared stage, with its UserParameters', () => {
    const trigger = triggerOfType(declaration, 'codepipeline')
    stack.template().hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Name: trigger.pipelineName,
      Stages: Match.arrayWith([
        Match.objectLike({
          Name: trigger.stageName,
          Actions: [
            Match.objectLike({
              Name: trigger.actionName,
              ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'Lambda', Version: '1' },
              Configuration: Match.objectLike({ UserParameters: serializeUserParameters(trigger) }),
            }),
          ],
        }),
      ]),
    })
  })
})
