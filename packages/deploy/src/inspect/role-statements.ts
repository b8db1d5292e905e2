import type { Template } from 'aws-cdk-lib/assertions'
import type { CfnRole } from 'aws-cdk-lib/aws-iam'
import type { HandlerStack } from '../handler-stack.ts'

export interface RoleStatement {
  effect: string
  actions: string[]
  /** Resources as synthesized: strings or CloudFormation intrinsics. */
  resources: unknown[]
}

const asArray = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

interface PolicyResource {
  Properties: {
    Roles?: unknown[]
    PolicyDocument: { Statement: { Effect: string; Action: unknown; Resource: unknown }[] }
  }
}

/**
 * Every statement of the policies attached to the handler's role, normalised (Action and
 * Resource always arrays), so tests can check exactly what the function may do.
 */
export const handlerRoleStatements = (stack: HandlerStack, template: Template): RoleStatement[] => {
  const roleId = stack.getLogicalId(stack.handler.role.node.defaultChild as CfnRole)
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as PolicyResource[]
  return policies
    .filter((policy) =>
      (policy.Properties.Roles ?? []).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
      ),
    )
    .flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.map((statement) => ({
        effect: statement.Effect,
        actions: asArray(statement.Action).map(String),
        resources: asArray(statement.Resource),
      })),
    )
}

/** Actions AWS only grants on Resource "*": they have no resource-level permissions. */
export const actionsWithoutResourceLevelPermissions: ReadonlySet<string> = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'codepipeline:PutJobSuccessResult',
  'codepipeline:PutJobFailureResult',
])

/**
 * What is wrong with a role's statements: wildcard actions, or Resource "*" on an action that
 * has resource-level permissions. Empty when the role is least-privilege in those two senses.
 */
export const wildcardProblems = (statements: readonly RoleStatement[]): string[] =>
  statements.flatMap((statement) => [
    ...statement.actions
      .filter((action) => action.includes('*'))
      .map((action) => `wildcard action ${action}`),
    ...(statement.resources.includes('*')
      ? statement.actions
          .filter((action) => !actionsWithoutResourceLevelPermissions.has(action))
          .map((action) => `${action} on Resource "*"`)
      : []),
  ])
