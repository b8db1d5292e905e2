// Declarations

// ALB
export {
  type AlbRequestToMatch,
  albRouteMatches,
  matchAlbRoute,
} from './alb/alb-request-matches.ts'
export type { AlbRoute, AlbTrigger, AlbTriggerInput } from './declaration/alb-trigger.ts'
export {
  type AsyncPolicy,
  type AsyncPolicyInput,
  defaultMaximumEventAgeInSeconds,
  defaultMaximumRetryAttempts,
} from './declaration/async-policy.ts'
export {
  type CloudFrontEventType,
  type CloudFrontTrigger,
  type CloudFrontTriggerInput,
  cloudFrontEventTypes,
  isViewerEvent,
} from './declaration/cloudfront-trigger.ts'
export type {
  CloudWatchLogsTrigger,
  CloudWatchLogsTriggerInput,
} from './declaration/cloudwatch-logs-trigger.ts'
export {
  type CodePipelineTrigger,
  type CodePipelineTriggerInput,
  serializeUserParameters,
} from './declaration/codepipeline-trigger.ts'
export {
  type DeepReadonly,
  defineHandler,
  defineTrigger,
  type FrozenHandlerDeclaration,
} from './declaration/define.ts'
export type {
  EventBridgeTrigger,
  EventBridgeTriggerInput,
} from './declaration/eventbridge-trigger.ts'
export type { FunctionSettings, FunctionSettingsInput } from './declaration/function-settings.ts'
export {
  type HandlerDeclaration,
  type HandlerDeclarationInput,
  handlerDeclarationSchema,
} from './declaration/handler-declaration.ts'
export type { ResourceAccess, ResourceAccessInput } from './declaration/resource-access.ts'
export type { ResourceKind, ResourceRef } from './declaration/resource-ref.ts'
export type { S3Trigger, S3TriggerInput } from './declaration/s3-trigger.ts'
export { deadLetterQueueName, sharedResourceName } from './declaration/shared-resource-name.ts'
export type { SnsTrigger, SnsTriggerInput } from './declaration/sns-trigger.ts'
export {
  type SqsTrigger,
  type SqsTriggerInput,
  VISIBILITY_TIMEOUT_FACTOR,
  visibilityTimeoutIssue,
} from './declaration/sqs-trigger.ts'
export {
  type InvocationMode,
  invocationModeOf,
  type Trigger,
  type TriggerInput,
  type TriggerType,
  triggerSchema,
  triggerTypes,
} from './declaration/trigger.ts'
export { triggerOfType, triggersOfType } from './declaration/triggers-of-type.ts'
// Lambda@Edge (CloudFront)
export { type EdgeIssue, edgeDeclarationIssues } from './edge/edge-declaration-issues.ts'
export {
  DISALLOWED_HEADER_PREFIXES,
  DISALLOWED_HEADERS,
  isDisallowedHeader,
  isReadOnlyHeader,
  READ_ONLY_HEADERS,
} from './edge/edge-headers.ts'
export {
  EDGE_ARCHITECTURES,
  type EdgeQuota,
  edgeBundleIssue,
  edgeQuotaOf,
  strictestEdgeQuota,
} from './edge/edge-quotas.ts'
// Errors
export {
  BucketNotificationOverlapError,
  type FieldPath,
  formatPath,
  InvalidFilterError,
  ScheduleExpressionError,
  TriggerValidationError,
  type ValidationIssue,
} from './errors.ts'
// EventBridge
export {
  type EventPattern,
  eventPatternIssues,
  eventPatternMatches,
} from './eventbridge/event-pattern.ts'
export type { JsonObject, JsonScalar, JsonValue } from './filters/json.ts'
export { type S3EventToMatch, s3EventMatches } from './s3/s3-event-matches.ts'
// S3
export { isS3EventType, type S3EventType, s3EventTypes } from './s3/s3-event-types.ts'
export {
  bucketNotificationIssues,
  validateBucketNotifications,
} from './s3/validate-bucket-notifications.ts'
export type { CronSchedule } from './schedule/cron-expression.ts'
export { nextTicks } from './schedule/next-ticks.ts'
export type { RateSchedule, RateUnit } from './schedule/rate-expression.ts'
export {
  type ParsedSchedule,
  parseScheduleExpression,
  scheduleExpressionIssues,
} from './schedule/schedule-expression.ts'
// SNS
export {
  type SnsFilterPolicy,
  type SnsFilterPolicyScope,
  snsFilterPolicyCombinations,
  snsFilterPolicyIssues,
} from './sns/sns-filter-policy.ts'
export {
  type SnsMessageAttribute,
  type SnsMessageToMatch,
  snsMessageMatches,
} from './sns/sns-message-matches.ts'
