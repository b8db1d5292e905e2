import type {
  DeepReadonly,
  FrozenHandlerDeclaration,
  ResourceKind,
  ResourceRef,
  SqsTrigger,
} from '@repo/triggers'
import { DeployConfigError } from '../errors.ts'

export interface DeclaredReference {
  kind: ResourceKind
  reference: ResourceRef
  /** An async policy's on-failure queue: a last stop, created without a DLQ of its own. */
  failureDestination: boolean
  /** The SQS trigger that consumes this queue: a `ref` queue is created with its settings. */
  consumedBy?: DeepReadonly<SqsTrigger>
  /** Created with the physical name `sharedResourceName(handler, ref)`: other stacks use it by name. */
  shared: boolean
}

export const referenceKey = (reference: ResourceRef): string =>
  'ref' in reference ? `ref:${reference.ref}` : `name:${reference.name}`

/**
 * Every resource a declaration mentions (resources, trigger sources, the on-failure queue),
 * once each. A logical ID used for two kinds is an error: one ref is one resource.
 */
export const declaredReferences = (declaration: FrozenHandlerDeclaration): DeclaredReference[] => {
  const found = new Map<string, DeclaredReference>()
  const add = (
    kind: ResourceKind,
    reference: ResourceRef,
    { failureDestination = false, shared = false, consumedBy }: Partial<DeclaredReference> = {},
  ) => {
    const key = referenceKey(reference)
    const earlier = found.get(key)
    if (earlier === undefined) {
      found.set(key, {
        kind,
        reference,
        failureDestination,
        shared,
        ...(consumedBy ? { consumedBy } : {}),
      })
      return
    }
    if (earlier.kind !== kind) {
      throw new DeployConfigError(
        `Handler "${declaration.name}": ${key.replace(':', ' ')} is declared both as a ${earlier.kind} and as a ${kind}; give each resource its own ref or name.`,
      )
    }
    earlier.failureDestination ||= failureDestination
    earlier.shared ||= shared
    if (consumedBy !== undefined) {
      if (earlier.consumedBy !== undefined) {
        throw new DeployConfigError(
          `Handler "${declaration.name}": ${key.replace(':', ' ')} has two SQS triggers; one event source mapping per queue.`,
        )
      }
      earlier.consumedBy = consumedBy
    }
  }
  for (const resource of declaration.resources) {
    const reference: ResourceRef =
      resource.ref !== undefined ? { ref: resource.ref } : { name: resource.name ?? '' }
    add(resource.kind, reference, { shared: resource.shared === true })
  }
  for (const trigger of declaration.triggers) {
    if (trigger.type === 's3') add('bucket', trigger.bucket)
    if (trigger.type === 'sns') add('topic', trigger.topic)
    if (trigger.type === 'cloudwatch-logs') add('logGroup', trigger.logGroup)
    // Producers in other stacks find a consumed ref queue by its shared name.
    if (trigger.type === 'sqs') add('queue', trigger.queue, { consumedBy: trigger, shared: true })
  }
  const onFailure = declaration.asyncPolicy?.onFailure
  if (onFailure !== undefined) add('queue', onFailure.queue, { failureDestination: true })
  return [...found.values()]
}
