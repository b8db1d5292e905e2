import type { ResourceAccessInput } from '@repo/triggers'

type Access = ResourceAccessInput['access']
type DataKind = ResourceAccessInput['kind']

/**
 * The IAM actions a handler may be granted on each kind of resource, by whether they read or
 * write. An action outside this list, or a write action on a resource declared `read`, is
 * refused: the declaration's `access` is the upper bound of what the role may do.
 */
export const resourceActions = {
  bucket: {
    read: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucketVersions'],
    write: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:AbortMultipartUpload'],
  },
  queue: {
    read: [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueAttributes',
    ],
    write: ['sqs:SendMessage'],
  },
  topic: { read: ['sns:GetTopicAttributes'], write: ['sns:Publish'] },
  table: {
    read: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
    ],
    write: [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ],
  },
} as const satisfies Record<DataKind, Record<'read' | 'write', readonly string[]>>

type ActionsOf<Kind extends DataKind> = (typeof resourceActions)[Kind]

export type ResourceAction = {
  [Kind in DataKind]: ActionsOf<Kind>['read'][number] | ActionsOf<Kind>['write'][number]
}[DataKind]

/** S3 actions that apply to the bucket ARN; every other S3 action applies to object ARNs. */
export const bucketLevelActions: ReadonlySet<string> = new Set([
  's3:ListBucket',
  's3:ListBucketVersions',
])

/**
 * What a resource gets when its handler's stack lists no actions for it: the smallest set that
 * makes the declared access work (the idempotency store's four item calls for a read-write table).
 */
export const defaultActions: Record<DataKind, Record<Access, readonly ResourceAction[]>> = {
  bucket: {
    read: ['s3:GetObject', 's3:ListBucket'],
    write: ['s3:PutObject'],
    'read-write': ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:DeleteObject'],
  },
  queue: {
    read: [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueAttributes',
    ],
    write: ['sqs:SendMessage'],
    'read-write': ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
  },
  topic: {
    read: ['sns:GetTopicAttributes'],
    write: ['sns:Publish'],
    'read-write': ['sns:Publish', 'sns:GetTopicAttributes'],
  },
  table: {
    read: ['dynamodb:GetItem'],
    write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    'read-write': [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
  },
}

/** Why `action` cannot be granted on a `kind` declared with `access`, or undefined when it can. */
export const actionProblem = (
  kind: DataKind,
  access: Access,
  action: string,
): string | undefined => {
  const { read, write } = resourceActions[kind]
  const isRead = (read as readonly string[]).includes(action)
  const isWrite = (write as readonly string[]).includes(action)
  if (!isRead && !isWrite) {
    return `"${action}" is not an action for a ${kind}; use one of ${[...read, ...write].join(', ')}`
  }
  if (isWrite && access === 'read') return `"${action}" writes, but the ${kind} is declared read`
  if (isRead && access === 'write') return `"${action}" reads, but the ${kind} is declared write`
  return undefined
}
