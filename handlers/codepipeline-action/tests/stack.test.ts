import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  type HandlerStack,
  handlerRoleStatements,
  nagFindings,
  wildcardProblems,
} from '@repo/deploy'
import { serializeUserParameters, triggerOfType } from '@repo/triggers'
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
    throw new Error(
      'dist/index.mjs is missing: run `npm run build -w @repo/codepipeline-action` first',
    )
  }
  stack = createStack(app)
  template = Template.fromStack(stack)
})

describe('the codepipeline-action stack', () => {
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

  it('grants exactly the declared actions, no wildcard action, no "*" resource but for AWS-mandated ones', () => {
    const statements = handlerRoleStatements(stack, template)
    expect(wildcardProblems(statements)).toEqual([])
    for (const [ref, actions] of Object.entries(permissions)) {
      const granted = statements
        .filter((statement) => JSON.stringify(statement.resources).includes(`"${ref}"`))
        .flatMap((statement) => statement.actions)
      expect(granted.sort(), ref).toEqual([...(actions ?? [])].sort())
    }
    expect(statements).toContainEqual({
      effect: 'Allow',
      actions: ['codepipeline:PutJobSuccessResult', 'codepipeline:PutJobFailureResult'],
      resources: ['*'],
    })
  })

  it('passes cdk-nag (AwsSolutions and Serverless) with every exception acknowledged', () => {
    expect(nagFindings(app)).toEqual([])
  })
})
