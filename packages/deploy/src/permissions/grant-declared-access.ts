import type { FrozenHandlerDeclaration, ResourceRef } from '@repo/triggers'
import { Validations } from 'aws-cdk-lib'
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { DeployConfigError } from '../errors.ts'
import type { DeclaredResources } from '../resources/declared-resources.ts'
import {
  actionProblem,
  bucketLevelActions,
  defaultActions,
  type ResourceAction,
} from './resource-actions.ts'

/** Per declared resource (keyed by its `ref` or `name`), exactly the actions the handler calls. */
export type ResourcePermissions = Readonly<Record<string, readonly ResourceAction[]>>

/**
 * One statement per resource (two for a bucket: bucket-level and object-level actions), each
 * naming only that resource. Unknown keys and actions beyond the declared access are errors.
 */
export const grantDeclaredAccess = (
  role: IRole,
  declaration: FrozenHandlerDeclaration,
  resources: DeclaredResources,
  permissions: ResourcePermissions = {},
): void => {
  const problems: string[] = []
  const declaredKeys = new Set(declaration.resources.map((r) => r.ref ?? r.name))
  for (const key of Object.keys(permissions)) {
    if (!declaredKeys.has(key)) {
      problems.push(`permissions.${key}: no resource with that ref or name is declared`)
    }
  }
  for (const declared of declaration.resources) {
    const key = declared.ref ?? declared.name ?? ''
    const reference: ResourceRef = declared.ref !== undefined ? { ref: key } : { name: key }
    const actions = permissions[key] ?? defaultActions[declared.kind][declared.access]
    for (const action of actions) {
      const problem = actionProblem(declared.kind, declared.access, action)
      if (problem) problems.push(`permissions.${key}: ${problem}`)
    }
    if (actions.length === 0) continue
    for (const statement of statementsFor(role, declared.kind, reference, actions, resources)) {
      role.addToPrincipalPolicy(statement)
    }
  }
  if (problems.length > 0) {
    throw new DeployConfigError(
      `Handler "${declaration.name}": permissions do not match the declaration:\n  - ${problems.join('\n  - ')}`,
    )
  }
}

/** cdk-nag's finding id for `<bucket ARN>/*`: the logical ID for a created bucket, the name otherwise. */
const objectWildcardFinding = (reference: ResourceRef): string =>
  'ref' in reference
    ? `AwsSolutions-IAM5[Resource::<${reference.ref}.Arn>/*]`
    : `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${reference.name}/*]`

const acknowledgeObjectWildcard = (role: IRole, reference: ResourceRef): void => {
  Validations.of(role).acknowledge({
    id: objectWildcardFinding(reference),
    reason:
      'Object-level S3 actions take object ARNs: "<bucket>/*" covers the keys of this one declared bucket, nothing else.',
  })
}

const statementsFor = (
  role: IRole,
  kind: FrozenHandlerDeclaration['resources'][number]['kind'],
  reference: ResourceRef,
  actions: readonly string[],
  resources: DeclaredResources,
): PolicyStatement[] => {
  switch (kind) {
    case 'bucket': {
      const bucket = resources.bucket(reference)
      const onBucket = actions.filter((action) => bucketLevelActions.has(action))
      const onObjects = actions.filter((action) => !bucketLevelActions.has(action))
      if (onObjects.length > 0) acknowledgeObjectWildcard(role, reference)
      return [
        ...(onBucket.length > 0
          ? [new PolicyStatement({ actions: onBucket, resources: [bucket.bucketArn] })]
          : []),
        ...(onObjects.length > 0
          ? [new PolicyStatement({ actions: onObjects, resources: [bucket.arnForObjects('*')] })]
          : []),
      ]
    }
    case 'queue':
      return [
        new PolicyStatement({
          actions: [...actions],
          resources: [resources.queue(reference).queueArn],
        }),
      ]
    case 'topic':
      return [
        new PolicyStatement({
          actions: [...actions],
          resources: [resources.topic(reference).topicArn],
        }),
      ]
    case 'table':
      return [
        new PolicyStatement({
          actions: [...actions],
          resources: [resources.table(reference).tableArn],
        }),
      ]
  }
}
