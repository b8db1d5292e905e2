import type { ResourceRef } from '@repo/triggers'
import type { LocalHandler } from '../function/discover.ts'
import { sqsMappingQueues } from '../triggers/sqs/queues.ts'

export type LocalResourceKind = 'bucket' | 'queue' | 'topic' | 'table'

/** A resource the runner creates, named as the handler's stack would name it locally. */
export interface PlannedResource {
  kind: LocalResourceKind
  name: string
  /** Handlers that use it (a `{ name }` resource may be shared). */
  usedBy: string[]
  /** Where it came from: a resource, a trigger or the async policy. */
  roles: string[]
  /** Created with these (SQS: a consumed queue's visibility timeout, redrive policy, FIFO). */
  attributes?: Record<string, string>
}

/** The artifact store `pipeline-job` uploads zips to (CodePipeline's bucket is not the handler's). */
export const ARTIFACT_BUCKET = 'local-codepipeline-artifacts'

/** The queue that carries SNS deliveries for one handler to the runner (raw delivery off). */
export const snsDeliveryQueueName = (handler: string): string => `local-sns-to-${handler}`

const kebab = (logicalId: string): string =>
  logicalId
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()

/**
 * A `ref` is a logical ID inside the handler's own stack (each handler deploys as one stack),
 * so two handlers' `UploadsBucket`s are two buckets: locally `<handler>-uploads-bucket`.
 * A `name` is an existing resource and is used as is, shared by whoever names it.
 */
export const localResourceName = (
  handler: string,
  kind: LocalResourceKind,
  reference: ResourceRef,
): string => {
  if ('name' in reference) return reference.name
  const name = `${handler}-${kebab(reference.ref)}`
  // S3 names are 3-63 lower-case characters; other services allow longer names.
  return kind === 'bucket' ? name.slice(0, 63).replace(/[-.]+$/, '') : name.slice(0, 80)
}

const referenceOf = (value: { name?: string; ref?: string }): ResourceRef =>
  value.ref !== undefined ? { ref: value.ref } : { name: value.name ?? '' }

/** Every bucket, queue, topic and table the declarations name, once each. */
export const planResources = (handlers: readonly LocalHandler[]): PlannedResource[] => {
  const planned = new Map<string, PlannedResource>()
  const add = (
    kind: LocalResourceKind,
    name: string,
    handler: string,
    role: string,
    attributes?: Record<string, string>,
  ) => {
    const key = `${kind}:${name}`
    const existing = planned.get(key) ?? { kind, name, usedBy: [], roles: [] }
    if (attributes !== undefined) existing.attributes = { ...existing.attributes, ...attributes }
    if (!existing.usedBy.includes(handler)) existing.usedBy.push(handler)
    if (!existing.roles.includes(role)) existing.roles.push(role)
    planned.set(key, existing)
  }
  for (const { name: handler, declaration } of handlers) {
    for (const resource of declaration.resources) {
      add(
        resource.kind,
        localResourceName(handler, resource.kind, referenceOf(resource)),
        handler,
        resource.environmentVariable ?? 'resource',
      )
    }
    for (const trigger of declaration.triggers) {
      if (trigger.type === 's3')
        add('bucket', localResourceName(handler, 'bucket', trigger.bucket), handler, 's3 trigger')
      if (trigger.type === 'sns') {
        add('topic', localResourceName(handler, 'topic', trigger.topic), handler, 'sns trigger')
        add('queue', snsDeliveryQueueName(handler), handler, 'sns delivery to the runner')
      }
      if (trigger.type === 'codepipeline') add('bucket', ARTIFACT_BUCKET, handler, 'artifacts')
      if (trigger.type === 'sqs') {
        const queues = sqsMappingQueues(handler, trigger)
        add('queue', queues.queue, handler, 'sqs trigger', queues.queueAttributes)
        add(
          'queue',
          queues.deadLetters,
          handler,
          'sqs dead-letter queue',
          queues.deadLetterAttributes,
        )
      }
    }
    const onFailure = declaration.asyncPolicy?.onFailure
    if (onFailure) {
      add('queue', localResourceName(handler, 'queue', onFailure.queue), handler, 'on-failure')
    }
  }
  return [...planned.values()]
}

/** How each kind reaches a handler's environment, as the deploy stack passes it. */
export interface ResourceAddresses {
  queueUrl(name: string): string
  topicArn(name: string): string
}

/**
 * The handler's environment as deployed: the function's own variables, then one variable per
 * resource that names one (bucket and table names, queue URLs, topic ARNs).
 */
export const handlerEnvironment = (
  handler: LocalHandler,
  addresses: ResourceAddresses,
): Record<string, string> => {
  const env: Record<string, string> = { ...handler.declaration.function.environment }
  for (const resource of handler.declaration.resources) {
    if (resource.environmentVariable === undefined) continue
    const name = localResourceName(handler.name, resource.kind, referenceOf(resource))
    env[resource.environmentVariable] =
      resource.kind === 'queue'
        ? addresses.queueUrl(name)
        : resource.kind === 'topic'
          ? addresses.topicArn(name)
          : name
  }
  return env
}

/** The on-failure queue's local name, if the declaration has one. */
export const onFailureQueueName = (handler: LocalHandler): string | undefined => {
  const onFailure = handler.declaration.asyncPolicy?.onFailure
  return onFailure ? localResourceName(handler.name, 'queue', onFailure.queue) : undefined
}
