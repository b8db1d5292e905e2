export { assertAlbEvent } from './alb.ts'
export {
  assertCloudFrontEvent,
  type CloudFrontEvent,
  cloudFrontEventTypeOf,
} from './cloudfront.ts'
export { assertCloudWatchLogsEvent } from './cloudwatch-logs.ts'
export { assertCodePipelineEvent, codePipelineJobId } from './codepipeline.ts'
export { EventShapeError, type EventTrigger } from './event-shape-error.ts'
export { assertEventBridgeEvent } from './eventbridge.ts'
export {
  assertS3Event,
  isS3TestEvent,
  type S3NotificationEvent,
  type S3TestEvent,
} from './s3.ts'
export { assertSnsEvent } from './sns.ts'
export { assertSqsEvent } from './sqs.ts'
