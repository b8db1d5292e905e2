import { defineHandler } from '@repo/triggers'

/**
 * What invokes this function and how: read by the deploy stack and the local runner.
 * CodePipeline invokes Lambda actions asynchronously, so Lambda's retry policy applies; the
 * handler reports every job itself and only throws when the report could not be sent.
 */
export const declaration = defineHandler({
  name: 'codepipeline-action',
  description: 'Validates the release manifest in a build artifact and reports the job',
  triggers: [
    {
      type: 'codepipeline',
      pipelineName: 'release',
      stageName: 'Verify',
      actionName: 'CheckReleaseManifest',
      userParameters: { requiredFiles: ['dist/index.mjs'] },
    },
  ],
  asyncPolicy: {
    maximumRetryAttempts: 2,
    // A job waits at most 20 minutes for its result: a later retry is pointless.
    maximumEventAgeInSeconds: 900,
    onFailure: { queue: { ref: 'CodePipelineActionFailures' } },
  },
  resources: [
    {
      kind: 'table',
      ref: 'IdempotencyTable',
      access: 'read-write',
      environmentVariable: 'IDEMPOTENCY_TABLE_NAME',
    },
  ],
  function: {
    memorySize: 1024,
    timeout: 60,
    environment: { DEFAULT_REQUIRED_FILES: 'release.json', REPORT_MARGIN_MS: '10000' },
  },
})
