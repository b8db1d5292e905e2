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

describe('the s3-objects stack', () => {
  for (const check of commonHandlerStackChecks(stackModule, () => synthesized))
    it(check.name, check.run)

  it('notifies the function for each declared event type under the declared prefix and suffix', () => {
    const trigger = triggerOfType(declaration, 's3')
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: 'UploadsBucket' },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: trigger.events.map((event) =>
          Match.objectLike({
            Events: [event],
            Filter: {
              Key: {
                FilterRules: [
                  { Name: 'suffix', Value: trigger.filter?.suffix },
                  { Name: 'prefix', Value: trigger.filter?.prefix },
                ],
              },
            },
          }),
        ),
      },
    })
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
    })
  })
})
