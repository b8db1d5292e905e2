import type { DeepReadonly } from '../declaration/define.ts'
import type { ResourceRef } from '../declaration/resource-ref.ts'
import type { S3Trigger } from '../declaration/s3-trigger.ts'
import { BucketNotificationOverlapError, type ValidationIssue } from '../errors.ts'
import { s3EventTypesOverlap } from './s3-event-types.ts'

interface DeclarationWithTriggers {
  readonly name: string
  readonly triggers: readonly { readonly type: string }[]
}

const bucketKey = (bucket: ResourceRef): string =>
  'name' in bucket ? `bucket "${bucket.name}"` : `bucket ref ${bucket.ref}`

// S3 filters overlap when one value starts (or ends) the other; an empty one matches every key.
const prefixesOverlap = (a = '', b = '') => a.startsWith(b) || b.startsWith(a)
const suffixesOverlap = (a = '', b = '') => a.endsWith(b) || b.endsWith(a)

const describe = (trigger: DeepReadonly<S3Trigger>) =>
  `[${trigger.events.join(', ')}] prefix "${trigger.filter?.prefix ?? ''}" suffix "${trigger.filter?.suffix ?? ''}"`

/**
 * S3 refuses a bucket's notification configuration when two entries could fire for the
 * same event: their event types overlap AND their prefixes overlap AND their suffixes
 * overlap. Checks every pair of S3 triggers across the declarations on the same bucket.
 */
export const bucketNotificationIssues = (
  declarations: readonly DeclarationWithTriggers[],
): ValidationIssue[] => {
  const s3 = declarations.flatMap((declaration, index) =>
    declaration.triggers.flatMap((trigger, triggerIndex) =>
      trigger.type === 's3'
        ? [
            {
              path: [index, 'triggers', triggerIndex],
              name: declaration.name,
              trigger: trigger as DeepReadonly<S3Trigger>,
            },
          ]
        : [],
    ),
  )
  const issues: ValidationIssue[] = []
  s3.forEach((first, position) => {
    for (const second of s3.slice(position + 1)) {
      if (bucketKey(first.trigger.bucket) !== bucketKey(second.trigger.bucket)) continue
      const sharedEvents = first.trigger.events.some((a) =>
        second.trigger.events.some((b) => s3EventTypesOverlap(a, b)),
      )
      if (
        sharedEvents &&
        prefixesOverlap(first.trigger.filter?.prefix, second.trigger.filter?.prefix) &&
        suffixesOverlap(first.trigger.filter?.suffix, second.trigger.filter?.suffix)
      ) {
        issues.push({
          path: second.path,
          message: `"${second.name}" ${describe(second.trigger)} overlaps "${first.name}" ${describe(first.trigger)} on ${bucketKey(first.trigger.bucket)}: S3 rejects overlapping notification configurations. Make the event types disjoint, or the prefixes (neither a prefix of the other) or the suffixes (neither a suffix of the other)`,
        })
      }
    }
  })
  return issues
}

/** Throws BucketNotificationOverlapError when S3 would refuse the combined configuration. */
export const validateBucketNotifications = (
  declarations: readonly DeclarationWithTriggers[],
): void => {
  const issues = bucketNotificationIssues(declarations)
  if (issues.length > 0) throw new BucketNotificationOverlapError(issues)
}
