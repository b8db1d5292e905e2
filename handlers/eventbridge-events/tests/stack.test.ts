import { commonHandlerStackChecks, synthesizeHandlerStack } from '@repo/deploy'
import { triggersOfType } from '@repo/triggers'
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

describe('the eventbridge-events stack', () => {
  for (const check of commonHandlerStackChecks(stackModule, () => synthesized))
    it(check.name, check.run)

  it('creates one rule per declared trigger: the schedule and the pipeline pattern', () => {
    for (const trigger of triggersOfType(declaration, 'eventbridge')) {
      template.hasResourceProperties('AWS::Events::Rule', {
        ...(trigger.schedule !== undefined
          ? { ScheduleExpression: trigger.schedule }
          : { EventPattern: trigger.eventPattern }),
        Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue() })],
      })
    }
    template.resourceCountIs('AWS::Events::Rule', 2)
  })
})
