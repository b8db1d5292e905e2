import { commonHandlerStackChecks, handlerStackUnderTest } from '@repo/deploy'
import { triggerOfType } from '@repo/triggers'
import { Match } from 'aws-cdk-lib/assertions'
import { describe, it } from 'vitest'
import { bundleDir, createStack, permissions } from '../infra/stack.ts'
import { declaration } from '../src/trigger.ts'

// Synthesized once, on first use: synthesis is the slow part.
const stack = handlerStackUnderTest({ declaration, bundleDir, permissions, createStack })

describe('the s3-objects stack', () => {
  for (const check of commonHandlerStackChecks(stack)) it(check.name, check.run)

  it('notifies the function for each declared event type under the declared prefix and suffix', () => {
    const trigger = triggerOfType(declaration, 's3')
    stack.template().hasResourceProperties('Custom::S3BucketNotifications', {
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
    stack.template().hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
    })
  })
})
