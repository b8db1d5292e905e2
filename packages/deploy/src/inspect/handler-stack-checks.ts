import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type FrozenHandlerDeclaration, sharedResourceName, triggersOfType } from '@repo/triggers'
import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import type { HandlerStack } from '../handler-stack.ts'
import { nagFindings } from '../nag/nag-findings.ts'
import type { ResourcePermissions } from '../permissions/grant-declared-access.ts'
import { handlerRoleStatements, wildcardProblems } from './role-statements.ts'

/** What a handler's `infra/stack.ts` exports, and its declaration. */
export interface HandlerStackModule {
  declaration: FrozenHandlerDeclaration
  bundleDir: string
  permissions: ResourcePermissions
  createStack: (app: App) => HandlerStack
}

export interface SynthesizedHandlerStack {
  app: App
  stack: HandlerStack
  template: Template
}

export class StackCheckError extends Error {
  override name = 'StackCheckError'
}

/** Synthesizes the handler's stack (the slow part); the bundle must be built first. */
export const synthesizeHandlerStack = (module: HandlerStackModule): SynthesizedHandlerStack => {
  if (!existsSync(join(module.bundleDir, 'index.mjs'))) {
    throw new StackCheckError(
      `${module.bundleDir}/index.mjs is missing: run \`npm run build -w @repo/${module.declaration.name}\` first`,
    )
  }
  const app = new App({ analyticsReporting: false })
  const stack = module.createStack(app)
  return { app, stack, template: Template.fromStack(stack) }
}

/** A handler stack synthesized on first use and then reused: one synth per test file. */
export interface HandlerStackUnderTest {
  module: HandlerStackModule
  synthesized: () => SynthesizedHandlerStack
  template: () => Template
}

export const handlerStackUnderTest = (module: HandlerStackModule): HandlerStackUnderTest => {
  let cached: SynthesizedHandlerStack | undefined
  const synthesized = () => {
    cached ??= synthesizeHandlerStack(module)
    return cached
  }
  return { module, synthesized, template: () => synthesized().template }
}

/**
 * Whether a statement's resources point at a declared resource: a `ref` appears as its logical
 * ID (`"JobsQueue"`), a `name` at the end of an ARN it builds (`…:jobs-queue"`, `…/jobs-table"`).
 */
const mentionsResource = (resources: unknown, key: string): boolean => {
  const json = JSON.stringify(resources)
  return [`"${key}"`, `:${key}"`, `/${key}"`].some((form) => json.includes(form))
}

const logicalIdOf = (ref: { ref: string } | { name: string } | undefined): string =>
  ref && 'ref' in ref ? ref.ref : ''

/**
 * The checks every handler stack must pass, whatever its trigger: the function as declared,
 * the idempotency table, the async policy, least privilege and cdk-nag. Each throws with a
 * message naming what differs; a test file runs them as `it(check.name, check.run)`.
 */
export const commonHandlerStackChecks = ({
  module,
  synthesized,
}: HandlerStackUnderTest): { name: string; run: () => void }[] => {
  const { declaration, permissions } = module
  const checks = [
    {
      name: 'deploys the built bundle with the declared memory and timeout on Node.js 22 arm64',
      run: () => {
        const { template } = synthesized()
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
      },
    },
    {
      name: 'grants exactly the declared actions, no wildcard action, no "*" resource but for AWS-mandated ones',
      run: () => {
        const { stack, template } = synthesized()
        const statements = handlerRoleStatements(stack, template)
        const problems = wildcardProblems(statements)
        for (const [ref, actions] of Object.entries(permissions)) {
          const granted = statements
            .filter((statement) => mentionsResource(statement.resources, ref))
            .flatMap((statement) => statement.actions)
            .sort()
          const expected = [...(actions ?? [])].sort()
          if (JSON.stringify(granted) !== JSON.stringify(expected)) {
            problems.push(
              `${ref}: granted [${granted.join(', ')}], declared [${expected.join(', ')}]`,
            )
          }
        }
        if (problems.length > 0) throw new StackCheckError(problems.join('\n'))
      },
    },
    {
      name: 'passes cdk-nag (AwsSolutions and Serverless) with every exception acknowledged',
      run: () => {
        const findings = nagFindings(synthesized().app)
        if (findings.length > 0) throw new StackCheckError(JSON.stringify(findings, null, 2))
      },
    },
  ]
  const policy = declaration.asyncPolicy
  if (declaration.invocationMode === 'async' && policy) {
    checks.push({
      name: 'applies the declared async policy: retries, event age, on-failure queue',
      run: () =>
        synthesized().template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          MaximumRetryAttempts: policy.maximumRetryAttempts,
          MaximumEventAgeInSeconds: policy.maximumEventAgeInSeconds,
          DestinationConfig: {
            OnFailure: {
              Destination: { 'Fn::GetAtt': [logicalIdOf(policy.onFailure?.queue), 'Arn'] },
            },
          },
        }),
    })
  }
  for (const trigger of triggersOfType(declaration, 'sqs')) {
    checks.push({
      name: 'polls the declared queue with ReportBatchItemFailures, batch size, window and concurrency; the queue has the declared visibility timeout and DLQ',
      run: () => {
        const { template } = synthesized()
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          BatchSize: trigger.batchSize,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          MaximumBatchingWindowInSeconds:
            trigger.maximumBatchingWindowInSeconds > 0
              ? trigger.maximumBatchingWindowInSeconds
              : Match.absent(),
          ScalingConfig:
            trigger.maximumConcurrency !== undefined
              ? { MaximumConcurrency: trigger.maximumConcurrency }
              : Match.absent(),
        })
        if ('ref' in trigger.queue) {
          template.hasResourceProperties('AWS::SQS::Queue', {
            QueueName: sharedResourceName(declaration.name, trigger.queue.ref, trigger),
            VisibilityTimeout: trigger.visibilityTimeoutSeconds,
            RedrivePolicy: Match.objectLike({ maxReceiveCount: trigger.maxReceiveCount }),
          })
        }
      },
    })
  }
  return checks
}
