import { defineHandler, type EventBridgeTriggerInput } from '@repo/triggers'
import { NOTIFIED_STATES, PIPELINE_EXECUTION_STATE_CHANGE } from './events.ts'

/** Housekeeping once a day; any `rate(...)` or `cron(...)` works, e.g. 'cron(0 3 * * ? *)'. */
const housekeepingSchedule = {
  type: 'eventbridge',
  schedule: 'rate(1 day)',
  description: 'Delete old processed/ summaries and write a report',
} as const satisfies EventBridgeTriggerInput

const pipelineStateChange = {
  type: 'eventbridge',
  eventPattern: {
    source: ['aws.codepipeline'],
    'detail-type': [PIPELINE_EXECUTION_STATE_CHANGE],
    detail: { state: [...NOTIFIED_STATES] },
  },
  description: 'Notify when a pipeline execution ends',
} as const satisfies EventBridgeTriggerInput

export const declaration = defineHandler({
  name: 'eventbridge-events',
  description: 'Scheduled housekeeping of processed/ summaries and CodePipeline notifications',
  // Two EventBridge rules target this function: the daily tick and the pipeline pattern.
  triggers: [housekeepingSchedule, pipelineStateChange],
  asyncPolicy: {
    maximumRetryAttempts: 2,
    // Lambda's maximum (6 h): a late housekeeping tick is still worth running.
    maximumEventAgeInSeconds: 21_600,
    onFailure: { queue: { ref: 'FailuresQueue' } },
  },
  resources: [
    {
      kind: 'bucket',
      ref: 'UploadsBucket',
      access: 'read-write',
      environmentVariable: 'UPLOADS_BUCKET',
    },
    {
      kind: 'queue',
      ref: 'NotificationsQueue',
      access: 'write',
      environmentVariable: 'NOTIFICATIONS_QUEUE_URL',
    },
    {
      kind: 'table',
      ref: 'IdempotencyTable',
      access: 'read-write',
      environmentVariable: 'IDEMPOTENCY_TABLE_NAME',
    },
  ],
  // Listing and deleting thousands of keys takes a while; 5 minutes leaves room.
  function: { memorySize: 256, timeout: 300, environment: { RETENTION_DAYS: '30' } },
})
