export { bundleEntry, requireBundle } from './bundle.ts'
export { defaultRegion, stackEnvironment } from './environment.ts'
export { DeployConfigError, MissingBundleError } from './errors.ts'
export { createHandlerApp, nagPacks } from './handler-app.ts'
export {
  HandlerFunction,
  type HandlerFunctionProps,
  idempotencyStoreActions,
  idempotencyTableVariable,
} from './handler-function.ts'
export {
  contextString,
  HandlerStack,
  type HandlerStackProps,
  stackNameFor,
} from './handler-stack.ts'
export {
  commonHandlerStackChecks,
  type HandlerStackModule,
  type HandlerStackUnderTest,
  handlerStackUnderTest,
  StackCheckError,
  type SynthesizedHandlerStack,
  synthesizeHandlerStack,
} from './inspect/handler-stack-checks.ts'
export {
  actionsWithoutResourceLevelPermissions,
  handlerRoleStatements,
  type RoleStatement,
  wildcardProblems,
} from './inspect/role-statements.ts'
export { type NagFinding, nagFindings } from './nag/nag-findings.ts'
export type { ResourcePermissions } from './permissions/grant-declared-access.ts'
export {
  actionProblem,
  defaultActions,
  type ResourceAction,
  resourceActions,
} from './permissions/resource-actions.ts'
export { idempotencyKey } from './resources/idempotency-table.ts'
export type { TriggerOptions } from './triggers/add-triggers.ts'
export type { AlbOptions } from './triggers/alb.ts'
export {
  EDGE_FUNCTION_REGION,
  EdgeHandlerStack,
  type EdgeHandlerStackProps,
} from './triggers/cloudfront.ts'
export type { PipelineOptions } from './triggers/codepipeline.ts'
