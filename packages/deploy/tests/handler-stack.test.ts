import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  HandlerStack,
  handlerRoleStatements,
  idempotencyStoreActions,
  nagFindings,
  wildcardProblems,
} from '../src/index.ts'
import {
  albDeclaration,
  cloudWatchLogsDeclaration,
  codePipelineDeclaration,
  eventBridgeDeclaration,
  s3Declaration,
  snsDeclaration,
} from './support/declarations.ts'
import { fakeBundleDir } from './support/fake-bundle.ts'

const declarations = {
  alb: albDeclaration,
  s3: s3Declaration,
  eventbridge: eventBridgeDeclaration,
  sns: snsDeclaration,
  codepipeline: codePipelineDeclaration,
  logs: cloudWatchLogsDeclaration,
}
type Kind = keyof typeof declarations

// One app, one synth for every trigger type: synthesis is the slow part.
const app = new App({ analyticsReporting: false })
const stacks = {} as Record<Kind, HandlerStack>
const templates = {} as Record<Kind, Template>

beforeAll(() => {
  const bundleDir = fakeBundleDir()
  for (const [kind, declaration] of Object.entries(declarations) as [
    Kind,
    typeof albDeclaration,
  ][]) {
    stacks[kind] = new HandlerStack(app, { declaration, bundleDir })
  }
  for (const kind of Object.keys(declarations) as Kind[]) {
    templates[kind] = Template.fromStack(stacks[kind])
  }
})

describe('the function', () => {
  it('runs the bundle on Node.js 22 arm64 with the declared memory and timeout, JSON logs and tracing', () => {
    templates.s3.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'tiny-s3',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 60,
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: Match.objectLike({
          MODE: 'strict',
          IDEMPOTENCY_TABLE_NAME: { Ref: 'IdempotencyTable' },
        }),
      },
    })
    templates.s3.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/tiny-s3',
      RetentionInDays: 30,
    })
  })

  it('creates the idempotency table when the declaration has none: on demand, key id, TTL ttl', () => {
    templates.s3.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    })
  })

  it('wires declared resources to their environment variables', () => {
    templates.sns.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ OUT_URL: { Ref: 'Out' } }) },
    })
    templates.alb.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ FILES: 'existing-files-bucket' }) },
    })
  })
})

describe('the async policy', () => {
  it('holds the declared retries, event age and on-failure queue', () => {
    for (const kind of ['s3', 'sns', 'codepipeline'] as const) {
      const policy = declarations[kind].asyncPolicy
      templates[kind].hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        MaximumRetryAttempts: policy?.maximumRetryAttempts,
        MaximumEventAgeInSeconds: policy?.maximumEventAgeInSeconds,
        Qualifier: '$LATEST',
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
        },
      })
    }
    templates.sns.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Failures', 'Arn'] } } },
    })
  })

  it('sends failures to an encrypted, SSL-only queue', () => {
    templates.sns.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true })
    templates.sns.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: 'Failures' }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    })
  })

  it('is absent for the synchronous ALB handler', () => {
    templates.alb.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0)
  })
})

describe('triggers', () => {
  it('ALB: a Lambda target group with the declared header mode and health check, one rule per route', () => {
    templates.alb.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'lambda',
      HealthCheckEnabled: true,
      HealthCheckPath: '/health',
      TargetGroupAttributes: [{ Key: 'lambda.multi_value_headers.enabled', Value: 'true' }],
    })
    templates.alb.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 5,
      Conditions: Match.arrayWith([
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/a/*'] } },
        { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'POST'] } },
      ]),
    })
    templates.alb.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 6,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } }],
    })
    templates.alb.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'elasticloadbalancing.amazonaws.com',
    })
  })

  it('S3: one notification per declared event type, with the prefix and suffix filter', () => {
    const filter = {
      Key: {
        // S3 stores the rules in this order; the order carries no meaning.
        FilterRules: [
          { Name: 'suffix', Value: '.csv' },
          { Name: 'prefix', Value: 'in/' },
        ],
      },
    }
    templates.s3.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: 'InBucket' },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({ Events: ['s3:ObjectCreated:*'], Filter: filter }),
          Match.objectLike({ Events: ['s3:ObjectRemoved:Delete'], Filter: filter }),
        ],
      },
    })
  })

  it('S3: the declared bucket is created encrypted, versioned, SSL-only and private', () => {
    templates.s3.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    })
    expect(Object.keys(templates.s3.findResources('AWS::S3::Bucket'))).toContain('InBucket')
  })

  it('EventBridge: a schedule rule and a pattern rule on the named bus, both with a DLQ', () => {
    const target = Match.objectLike({
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['EventBridgeDeadLetters', 'Arn'] } },
    })
    templates.eventbridge.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 12 ? * MON-FRI *)',
      Targets: [target],
    })
    templates.eventbridge.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'ops-bus',
      EventPattern: {
        source: ['aws.codepipeline'],
        'detail-type': ['X'],
        detail: { state: ['FAILED'] },
      },
      Targets: [target],
    })
  })

  it('SNS: a subscription with the declared filter policy and scope and a dead-letter queue', () => {
    templates.sns.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: 'InTopic' },
      FilterPolicy: { kind: ['order'], total: [{ numeric: ['>', 0] }] },
      FilterPolicyScope: 'MessageBody',
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['SnsSubscriptionDeadLetters', 'Arn'] },
      },
    })
    templates.sns.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.anyValue(),
    })
  })

  it('CodePipeline: the declared stage and Lambda action after an S3 source stage', () => {
    templates.codepipeline.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Name: 'tiny-release',
      Stages: [
        Match.objectLike({ Name: 'Source' }),
        Match.objectLike({
          Name: 'Check',
          Actions: [
            Match.objectLike({
              Name: 'Verify',
              RunOrder: 2,
              ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'Lambda', Version: '1' },
              Configuration: Match.objectLike({ UserParameters: '{"strict":true}' }),
            }),
          ],
        }),
      ],
    })
  })

  it('CloudWatch Logs: a subscription filter on the named log group', () => {
    templates.logs.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: '/aws/lambda/orders',
      FilterName: 'errors',
      FilterPattern: '?ERROR ?Exception',
    })
    templates.logs.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'logs.amazonaws.com',
    })
  })
})

describe('least privilege', () => {
  it('grants no wildcard action and no "*" resource where the action has resource-level permissions', () => {
    for (const kind of Object.keys(declarations) as Kind[]) {
      expect(wildcardProblems(handlerRoleStatements(stacks[kind], templates[kind])), kind).toEqual(
        [],
      )
    }
  })

  it('grants the access defaults on exactly the declared resources', () => {
    const statements = handlerRoleStatements(stacks.alb, templates.alb)
    expect(statements).toContainEqual({
      effect: 'Allow',
      actions: ['s3:GetObject'],
      resources: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::existing-files-bucket/*']] },
      ],
    })
    expect(statements).toContainEqual({
      effect: 'Allow',
      actions: [...idempotencyStoreActions],
      resources: [{ 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] }],
    })
    const logs = handlerRoleStatements(stacks.logs, templates.logs)
    expect(logs.filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')))).toHaveLength(2)
    expect(logs).toContainEqual(expect.objectContaining({ actions: ['dynamodb:GetItem'] }))
  })

  it('gives the pipeline action its PutJob*Result on "*" and nothing else beyond the declaration', () => {
    const statements = handlerRoleStatements(stacks.codepipeline, templates.codepipeline)
    expect(statements).toContainEqual({
      effect: 'Allow',
      actions: ['codepipeline:PutJobSuccessResult', 'codepipeline:PutJobFailureResult'],
      resources: ['*'],
    })
    expect(statements.flatMap((s) => s.actions).sort()).toEqual(
      [
        'codepipeline:PutJobFailureResult',
        'codepipeline:PutJobSuccessResult',
        ...idempotencyStoreActions,
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:SendMessage',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    )
  })
})

describe('cdk-nag', () => {
  it('AwsSolutions and Serverless report nothing unacknowledged for any trigger type', () => {
    expect(nagFindings(app)).toEqual([])
  })
})
