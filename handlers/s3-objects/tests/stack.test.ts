import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  type HandlerStack,
  handlerRoleStatements,
  nagFindings,
  wildcardProblems,
} from '@repo/deploy'
import { triggerOfType } from '@repo/triggers'
import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundleDir, createStack, permissions } from '../infra/stack.ts'
import { declaration } from '../src/trigger.ts'

// One synth for the whole file: it is the slow part.
const app = new App({ analyticsReporting: false })
let stack: HandlerStack
let template: Template

beforeAll(() => {
  if (!existsSync(join(bundleDir, 'index.mjs'))) {
    throw new Error('dist/index.mjs is missing: run `npm run build -w @repo/s3-objects` first')
  }
  stack = createStack(app)
  template = Template.fromStack(stack)
})

describe('the s3-objects stack', () => {
  it('deploys the built bundle with the declared memory and timeout on Node.js 22 arm64', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: declaration.name,
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: declaration.function.memorySize,
      Timeout: declaration.function.timeout,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
      Environment: {
        Variables: Match.objectLike({
          ...declaration.function.environment,
          IDEMPOTENCY_TABLE_NAME: { Ref: 'IdempotencyTable' },
        }),
      },
    })
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    })
  })

  it('applies the declared async policy: retries, event age, on-failure queue', () => {
    const policy = declaration.asyncPolicy
    const failures = policy?.onFailure?.queue
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: policy?.maximumRetryAttempts,
      MaximumEventAgeInSeconds: policy?.maximumEventAgeInSeconds,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [failures && 'ref' in failures ? failures.ref : '', 'Arn'] },
        },
      },
    })
  })

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

  it('grants exactly the declared actions, no wildcard action, no "*" resource but for AWS-mandated ones', () => {
    const statements = handlerRoleStatements(stack, template)
    expect(wildcardProblems(statements)).toEqual([])
    for (const [ref, actions] of Object.entries(permissions)) {
      const granted = statements
        .filter((statement) => JSON.stringify(statement.resources).includes(`"${ref}"`))
        .flatMap((statement) => statement.actions)
      expect(granted.sort(), ref).toEqual([...(actions ?? [])].sort())
    }
  })

  it('passes cdk-nag (AwsSolutions and Serverless) with every exception acknowledged', () => {
    expect(nagFindings(app)).toEqual([])
  })
})
