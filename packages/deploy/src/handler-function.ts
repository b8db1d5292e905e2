import type { FrozenHandlerDeclaration, ResourceRef } from '@repo/triggers'
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import {
  Architecture,
  CfnEventInvokeConfig,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { requireBundle } from './bundle.ts'
import { DeployConfigError } from './errors.ts'
import {
  grantDeclaredAccess,
  type ResourcePermissions,
} from './permissions/grant-declared-access.ts'
import { DeclaredResources } from './resources/declared-resources.ts'
import { createIdempotencyTable } from './resources/idempotency-table.ts'
import { createFailureQueue } from './resources/secure-queue.ts'
import { addTriggers, type TriggerOptions } from './triggers/add-triggers.ts'

/** The variable `storeFromEnvironment()` in @repo/idempotency reads. */
export const idempotencyTableVariable = 'IDEMPOTENCY_TABLE_NAME'

/** The actions DynamoDBStore calls (GetItem, PutItem, UpdateItem, DeleteItem), nothing more. */
export const idempotencyStoreActions = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const

export interface HandlerFunctionProps {
  /** The handler's `declaration` from its src/trigger.ts. */
  declaration: FrozenHandlerDeclaration
  /** The folder `npm run build` writes (holds index.mjs): deployed as is. */
  bundleDir: string
  /** Per declared resource (by ref or name), the exact IAM actions the handler calls. */
  permissions?: ResourcePermissions
  /** Environment the declaration cannot express (e.g. values built from several resources). */
  environment?: Readonly<Record<string, string>>
  /** How long the function's logs are kept (default one month). */
  logRetention?: RetentionDays
  /** How triggers that need infrastructure of their own (ALB, pipeline) get it. */
  triggerOptions?: TriggerOptions
}

const referenceOf = (resource: {
  ref?: string | undefined
  name?: string | undefined
}): ResourceRef =>
  resource.ref !== undefined ? { ref: resource.ref } : { name: resource.name ?? '' }

/**
 * A handler's function, its resources, triggers, async policy and least-privilege role, all
 * read from its trigger declaration.
 */
export class HandlerFunction extends Construct {
  readonly function: LambdaFunction
  readonly role: Role
  readonly logGroup: LogGroup
  readonly resources: DeclaredResources
  /** Where Lambda sends an async invocation that ran out of retries (async handlers only). */
  readonly failureQueue: IQueue | undefined

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id)
    const { declaration } = props
    const stack = Stack.of(this)
    this.resources = new DeclaredResources(stack, declaration)

    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${declaration.name}`,
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    // No AWSLambdaBasicExecutionRole: it allows writing to every log group in the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${declaration.name} handler`,
    })
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    )

    this.function = new LambdaFunction(this, 'Function', {
      functionName: declaration.name,
      description: declaration.description,
      runtime: Runtime.NODEJS_22_X,
      architecture:
        declaration.function.architecture === 'x86_64' ? Architecture.X86_64 : Architecture.ARM_64,
      code: Code.fromAsset(requireBundle(props.bundleDir, declaration.name)),
      handler: 'index.handler',
      memorySize: declaration.function.memorySize,
      timeout: Duration.seconds(declaration.function.timeout),
      environment: this.#environment(props),
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
    })

    grantDeclaredAccess(this.role, declaration, this.resources, props.permissions)
    this.#wireIdempotencyTable(declaration)
    this.failureQueue = this.#configureAsyncInvoke(declaration)
    addTriggers(this, this.function, declaration, this.resources, props.triggerOptions)
    this.#acknowledgeFunctionFindings(declaration)
  }

  #environment(props: HandlerFunctionProps): Record<string, string> {
    const { declaration } = props
    const environment: Record<string, string> = {
      // The bundle ships a source map: stack traces then point at src/*.ts lines.
      NODE_OPTIONS: '--enable-source-maps',
      ...declaration.function.environment,
    }
    const origins = new Map<string, string>()
    const set = (name: string, value: string, origin: string) => {
      const earlier =
        origins.get(name) ??
        (name in declaration.function.environment ? 'function.environment' : undefined)
      if (earlier !== undefined) {
        throw new DeployConfigError(
          `Handler "${declaration.name}": ${name} is set by ${earlier} and by ${origin}; keep one.`,
        )
      }
      origins.set(name, origin)
      environment[name] = value
    }
    for (const resource of declaration.resources) {
      if (resource.environmentVariable === undefined) continue
      set(
        resource.environmentVariable,
        this.resources.environmentValue(referenceOf(resource)),
        `resource ${resource.ref ?? resource.name}`,
      )
    }
    for (const [name, value] of Object.entries(props.environment ?? {})) {
      set(name, value, 'the stack')
    }
    return environment
  }

  /** Every handler keeps idempotency records; a declaration without the table gets one here. */
  #wireIdempotencyTable(declaration: FrozenHandlerDeclaration): void {
    const declared = declaration.resources.some(
      (resource) => resource.environmentVariable === idempotencyTableVariable,
    )
    if (declared) return
    const table = createIdempotencyTable(Stack.of(this), 'IdempotencyTable')
    this.function.addEnvironment(idempotencyTableVariable, table.tableName)
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...idempotencyStoreActions], resources: [table.tableArn] }),
    )
  }

  #configureAsyncInvoke(declaration: FrozenHandlerDeclaration): IQueue | undefined {
    const policy = declaration.asyncPolicy
    if (declaration.invocationMode !== 'async' || policy === undefined) return undefined
    const queue =
      policy.onFailure !== undefined
        ? this.resources.queue(policy.onFailure.queue)
        : createFailureQueue(Stack.of(this), 'AsyncFailuresQueue')
    // The L1 resource, because CDK's SqsDestination also grants GetQueueAttributes and
    // GetQueueUrl; Lambda only calls SendMessage (and checks the role has it).
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    )
    new CfnEventInvokeConfig(this, 'AsyncPolicy', {
      functionName: this.function.functionName,
      qualifier: '$LATEST',
      maximumRetryAttempts: policy.maximumRetryAttempts,
      maximumEventAgeInSeconds: policy.maximumEventAgeInSeconds,
      destinationConfig: { onFailure: { destination: queue.queueArn } },
    })
    return queue
  }

  #acknowledgeFunctionFindings(declaration: FrozenHandlerDeclaration): void {
    const nodeVersionReason =
      'The bundle is built for Node.js 22 (esbuild --target=node22); move the runtime and the build target together.'
    Validations.of(this.function).acknowledge(
      { id: 'AwsSolutions-L1', reason: nodeVersionReason },
      { id: 'Serverless-LambdaLatestVersion', reason: nodeVersionReason },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          declaration.invocationMode === 'async'
            ? 'Failed async invocations go to the on-failure destination (EventInvokeConfig), which also records the error; a DLQ would duplicate it.'
            : declaration.invocationMode === 'poll'
              ? "Invoked synchronously by an SQS event source mapping: failed messages return to the queue, whose redrive policy moves them to the queue's dead-letter queue; a function DLQ only applies to async invocations."
              : 'Invoked synchronously by the ALB, which receives the error; a DLQ only applies to async invocations.',
      },
    )
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) and CodePipeline PutJobSuccessResult/PutJobFailureResult have no resource-level permissions: AWS requires "*".',
    })
  }
}
