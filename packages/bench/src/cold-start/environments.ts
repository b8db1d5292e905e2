/**
 * Dummy settings that let each handler's cold start succeed outside Lambda: no AWS call happens
 * at import, but every handler validates its environment there (handlers/<name>/src/config.ts)
 * and the idempotency store needs its table name. A new handler needs an entry here.
 */
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012'

export const AWS_DUMMY_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
  AWS_SECRET_ACCESS_KEY: 'benchmark-secret',
  IDEMPOTENCY_TABLE_NAME: 'idempotency-bench',
}

export const HANDLER_ENVIRONMENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'alb-http': {
    JOBS_QUEUE_URL: `${QUEUE}/jobs`,
    JOBS_TABLE_NAME: 'jobs-bench',
    FILES_BUCKET: 'files-bench',
  },
  'cloudwatch-logs': { ARCHIVE_BUCKET: 'archive-bench', ALERTS_QUEUE_URL: `${QUEUE}/alerts` },
  'codepipeline-action': {},
  // Lambda@Edge: no environment at all; its configuration is baked into the bundle.
  'edge-gateway': {},
  'eventbridge-events': {
    UPLOADS_BUCKET: 'uploads-bench',
    NOTIFICATIONS_QUEUE_URL: `${QUEUE}/notifications`,
  },
  'jobs-worker': { JOBS_TABLE_NAME: 'jobs-bench', RESULTS_BUCKET: 'results-bench' },
  's3-objects': { RESULTS_QUEUE_URL: `${QUEUE}/results` },
  'sns-fanout': {
    ROUTES: JSON.stringify({ order: `${QUEUE}/orders` }),
    CATCH_ALL_QUEUE_URL: `${QUEUE}/catch-all`,
  },
}

/** The whole environment of a cold-start process: nothing is inherited from the bench's own. */
export const coldStartEnvironment = (handler: string): Record<string, string> => ({
  ...AWS_DUMMY_ENVIRONMENT,
  ...HANDLER_ENVIRONMENTS[handler],
})
