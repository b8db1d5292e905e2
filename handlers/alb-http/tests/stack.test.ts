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
    throw new Error('dist/index.mjs is missing: run `npm run build -w @repo/alb-http` first')
  }
  stack = createStack(app)
  template = Template.fromStack(stack)
})

describe('the alb-http stack', () => {
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

  it('puts the function behind the ALB: Lambda target group and one listener rule per route', () => {
    const alb = triggerOfType(declaration, 'alb')
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'lambda',
      HealthCheckPath: alb.healthCheck?.path,
      TargetGroupAttributes: [
        { Key: 'lambda.multi_value_headers.enabled', Value: String(alb.multiValueHeaders) },
      ],
    })
    for (const route of alb.routes) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Priority: route.priority,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: route.pathPatterns } }],
      })
    }
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0)
  })

  it('wires the queue URL and bucket name the config reads', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JOBS_QUEUE_URL: { Ref: 'JobsQueue' },
          FILES_BUCKET: { Ref: 'FilesBucket' },
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
