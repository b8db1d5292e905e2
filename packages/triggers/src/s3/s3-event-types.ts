/**
 * The event types S3 accepts in a bucket notification configuration, as listed in the
 * S3 User Guide ("Supported event types for SQS, SNS, and Lambda"). `s3:TestEvent` is
 * missing on purpose: S3 sends it once on setup, nobody can subscribe to it.
 */
export const s3EventTypes = [
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:ReducedRedundancyLostObject',
  's3:Replication:*',
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationNotTracked',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:LifecycleExpiration:*',
  's3:LifecycleExpiration:Delete',
  's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:ObjectTagging:*',
  's3:ObjectTagging:Put',
  's3:ObjectTagging:Delete',
  's3:ObjectAcl:Put',
] as const

export type S3EventType = (typeof s3EventTypes)[number]

const known: ReadonlySet<string> = new Set(s3EventTypes)

export const isS3EventType = (name: string): name is S3EventType => known.has(name)

/** A record's `eventName` carries no `s3:` prefix (`ObjectCreated:Put`); some samples add one. */
const withoutPrefix = (name: string): string => name.replace(/^s3:/, '')

/**
 * Whether a configured event type covers an event name. `s3:ObjectCreated:*` covers the
 * whole family; an exact type covers itself and, for types S3 lists without subtypes
 * (`s3:IntelligentTiering`), a name that carries a detail after it
 * (`IntelligentTiering:TransitionAccess` appears in published samples).
 */
export const s3EventTypeCovers = (eventType: S3EventType, eventName: string): boolean => {
  const configured = withoutPrefix(eventType)
  const received = withoutPrefix(eventName)
  if (configured.endsWith(':*')) return received.startsWith(configured.slice(0, -1))
  if (received === configured) return true
  const hasSubtypes = s3EventTypes.some((type) => type.startsWith(`${eventType}:`))
  return !hasSubtypes && !configured.includes(':') && received.startsWith(`${configured}:`)
}

/** Whether two configured event types can both fire for one event (AWS's overlap rule). */
export const s3EventTypesOverlap = (a: S3EventType, b: S3EventType): boolean =>
  a === b || s3EventTypeCovers(a, b) || s3EventTypeCovers(b, a)
