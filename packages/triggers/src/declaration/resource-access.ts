import { z } from 'zod'
import { type ResourceKind, resourceRefIssues } from './resource-ref.ts'
import { reportIssues } from './zod-issues.ts'

const resourceKinds = ['bucket', 'queue', 'topic', 'table'] as const

/** A resource the handler reads or writes; the deploy package turns it into IAM grants. */
export const resourceAccessSchema = z
  .strictObject({
    kind: z.enum(resourceKinds, { error: `kind is one of ${resourceKinds.join(', ')}` }),
    name: z.string().optional(),
    ref: z.string().optional(),
    access: z.enum(['read', 'write', 'read-write'], {
      error: 'access is "read", "write" or "read-write"',
    }),
    /** The environment variable through which the handler learns the resource's name. */
    environmentVariable: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'environmentVariable is a valid variable name' })
      .optional(),
    /**
     * A `ref` that other handlers' stacks use by `{ name }`: created with the physical name
     * `sharedResourceName(handler, ref)` instead of a generated one.
     */
    shared: z.boolean().optional(),
  })
  .superRefine((resource, context) => {
    if (resource.shared === true && resource.ref === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['shared'],
        message:
          'shared applies to a resource this stack creates (a ref); a name is shared already',
      })
    }
    if (resource.shared === true && resource.kind === 'bucket') {
      context.addIssue({
        code: 'custom',
        path: ['shared'],
        message:
          'a bucket cannot be shared by a fixed name: S3 names are global across accounts; give the other handler its name instead',
      })
    }
    const kind: ResourceKind = resource.kind
    const reference = stripUndefined({ name: resource.name, ref: resource.ref })
    reportIssues(context, resourceRefIssues(kind, reference))
  })

const stripUndefined = (value: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined))

export type ResourceAccessInput = z.input<typeof resourceAccessSchema>
export type ResourceAccess = z.output<typeof resourceAccessSchema>
