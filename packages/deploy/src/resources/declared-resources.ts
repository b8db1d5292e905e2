import {
  type FrozenHandlerDeclaration,
  type ResourceKind,
  type ResourceRef,
  sharedResourceName,
} from '@repo/triggers'
import { RemovalPolicy, Stack } from 'aws-cdk-lib'
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb'
import { type ILogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3'
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns'
import { type IQueue, Queue } from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { DeployConfigError } from '../errors.ts'
import { type DeclaredReference, declaredReferences, referenceKey } from './declared-references.ts'
import { createIdempotencyTable } from './idempotency-table.ts'
import { createSecureBucket } from './secure-bucket.ts'
import { createFailureQueue, createWorkQueue } from './secure-queue.ts'
import { createSecureTopic } from './secure-topic.ts'

interface ResourceByKind {
  bucket: IBucket
  queue: IQueue
  topic: ITopic
  table: ITable
  logGroup: ILogGroup
}

type AnyResource = ResourceByKind[ResourceKind]

/** A construct id from an imported resource's name (names may hold "/", ".", ":"). */
const importId = (kind: ResourceKind, name: string) =>
  `Imported${kind[0]?.toUpperCase()}${kind.slice(1)}${name.replace(/[^A-Za-z0-9]/g, '')}`

/**
 * The declaration's resources as constructs: `ref`s are created in the stack (logical ID =
 * ref), `name`s are imported. Look them up by the reference the declaration used.
 */
export class DeclaredResources {
  readonly references: readonly DeclaredReference[]
  readonly #byKey = new Map<string, { kind: ResourceKind; resource: AnyResource }>()
  readonly #handlerName: string

  constructor(scope: Construct, declaration: FrozenHandlerDeclaration) {
    this.#handlerName = declaration.name
    this.references = declaredReferences(declaration)
    for (const declared of this.references) {
      this.#byKey.set(referenceKey(declared.reference), {
        kind: declared.kind,
        resource: this.#materialize(scope, declared),
      })
    }
  }

  bucket = (reference: ResourceRef) => this.#get(reference, 'bucket') as IBucket
  queue = (reference: ResourceRef) => this.#get(reference, 'queue') as IQueue
  topic = (reference: ResourceRef) => this.#get(reference, 'topic') as ITopic
  table = (reference: ResourceRef) => this.#get(reference, 'table') as ITable
  logGroup = (reference: ResourceRef) => this.#get(reference, 'logGroup') as ILogGroup

  /** What the handler reads from its environment variable: a name, a queue URL or an ARN. */
  environmentValue(reference: ResourceRef): string {
    const { kind, resource } = this.#entry(reference)
    switch (kind) {
      case 'bucket':
        return (resource as IBucket).bucketName
      case 'queue':
        return (resource as IQueue).queueUrl
      case 'topic':
        return (resource as ITopic).topicArn
      case 'table':
        return (resource as ITable).tableName
      case 'logGroup':
        return (resource as ILogGroup).logGroupName
    }
  }

  #entry(reference: ResourceRef) {
    const entry = this.#byKey.get(referenceKey(reference))
    if (entry === undefined) {
      throw new DeployConfigError(
        `Handler "${this.#handlerName}" does not declare ${referenceKey(reference).replace(':', ' ')}; add it to the declaration's resources.`,
      )
    }
    return entry
  }

  #get(reference: ResourceRef, kind: ResourceKind): AnyResource {
    const entry = this.#entry(reference)
    if (entry.kind !== kind) {
      throw new DeployConfigError(
        `${referenceKey(reference).replace(':', ' ')} is a ${entry.kind}, not a ${kind}.`,
      )
    }
    return entry.resource
  }

  #materialize(scope: Construct, declared: DeclaredReference) {
    const { kind, reference, failureDestination, consumedBy } = declared
    if ('ref' in reference) {
      const ref = reference.ref
      const physicalName = declared.shared
        ? sharedResourceName(this.#handlerName, ref, { fifo: consumedBy?.fifo === true })
        : undefined
      switch (kind) {
        case 'bucket':
          // Never shared: the declaration refuses `shared` on a bucket (S3 names are global).
          return createSecureBucket(scope, ref)
        case 'queue':
          return failureDestination
            ? createFailureQueue(scope, ref)
            : createWorkQueue(scope, ref, {
                ...(physicalName !== undefined ? { queueName: physicalName } : {}),
                ...(consumedBy !== undefined
                  ? {
                      fifo: consumedBy.fifo,
                      visibilityTimeoutSeconds: consumedBy.visibilityTimeoutSeconds,
                      maxReceiveCount: consumedBy.maxReceiveCount,
                    }
                  : {}),
              })
        case 'topic':
          return createSecureTopic(scope, ref, physicalName)
        case 'table':
          return createIdempotencyTable(scope, ref, physicalName)
        case 'logGroup':
          return new LogGroup(scope, ref, {
            retention: RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.RETAIN,
          })
      }
    }
    const name = reference.name
    const id = importId(kind, name)
    const stack = Stack.of(scope)
    switch (kind) {
      case 'bucket':
        return Bucket.fromBucketName(scope, id, name)
      case 'queue':
        return Queue.fromQueueArn(scope, id, stack.formatArn({ service: 'sqs', resource: name }))
      case 'topic':
        return Topic.fromTopicArn(scope, id, stack.formatArn({ service: 'sns', resource: name }))
      case 'table':
        return Table.fromTableName(scope, id, name)
      case 'logGroup':
        return LogGroup.fromLogGroupName(scope, id, name)
    }
  }
}
