import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  type HandlerStack,
  handlerRoleStatements,
  nagFindings,
  wildcardProblems,
} from '@repo/deploy'
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
    throw new Error('dist/index.mjs is missing: run `npm run build -w @repo/sns-fanout` first')
  }
  stack = createStack(app)
  template = Template.fromStack(stack)
})

describe('the sns-fanout stack', () => {
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

  it('subscribes to the topic with a dead-letter queue and wires each route from the declaration', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: 'EventsTopic' },
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['SnsSubscriptionDeadLetters', 'Arn'] },
      },
    })
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: declaration.name,
      Environment: {
        Variables: Match.objectLike({
          CATCH_ALL_QUEUE_URL: { Ref: 'CatchAllQueue' },
          ROUTE_ORDER_QUEUE_URL: { Ref: 'OrdersQueue' },
          ROUTES: Match.absent(),
        }),
      },
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
