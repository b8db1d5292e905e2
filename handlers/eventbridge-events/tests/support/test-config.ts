import type { Config } from '../../src/config.ts'

/** The configuration tests run with: the local bucket `uploads` and the given queue. */
export const testConfig = (
  notificationsQueueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/n',
  overrides: Partial<Config> = {},
): Config => ({
  uploadsBucket: 'uploads',
  processedPrefix: 'processed/',
  reportsPrefix: 'reports/',
  retentionDays: 30,
  notificationsQueueUrl,
  ...overrides,
})
