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

describe('the cloudwatch-logs stack', () => {
  for (const check of commonHandlerStackChecks(stackModule, () => synthesized))
    it(check.name, check.run)

  it('subscribes to the declared log group with the declared filter', () => {
    const trigger = triggerOfType(declaration, 'cloudwatch-logs')
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: 'name' in trigger.logGroup ? trigger.logGroup.name : '',
      FilterName: trigger.filterName,
      FilterPattern: trigger.filterPattern,
    })
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ARCHIVE_BUCKET: { Ref: 'LogArchive' },
          ALERTS_QUEUE_URL: { Ref: 'Alerts' },
        }),
      },
    })
  })
})
