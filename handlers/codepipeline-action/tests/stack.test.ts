import { commonHandlerStackChecks, synthesizeHandlerStack } from '@repo/deploy'
import { serializeUserParameters, triggerOfType } from '@repo/triggers'
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

describe('the codepipeline-action stack', () => {
  for (const check of commonHandlerStackChecks(stackModule, () => synthesized))
    it(check.name, check.run)

  it('runs as the declared action of the declared stage, with its UserParameters', () => {
    const trigger = triggerOfType(declaration, 'codepipeline')
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
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
