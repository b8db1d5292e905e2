import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { ConfigError } from '../src/errors.ts'

const valid = {
  UPLOADS_BUCKET: 'uploads',
  NOTIFICATIONS_QUEUE_URL:
    'https://sqs.us-east-1.amazonaws.com/123456789012/pipeline-notifications',
}

describe('loadConfig', () => {
  it('applies defaults', () => {
    expect(loadConfig(valid)).toEqual({
      uploadsBucket: 'uploads',
      notificationsQueueUrl: valid.NOTIFICATIONS_QUEUE_URL,
      retentionDays: 30,
      processedPrefix: 'processed/',
      reportsPrefix: 'reports/',
    })
  })

  it('lists every problem at once', () => {
    let error: unknown
    try {
      loadConfig({ NOTIFICATIONS_QUEUE_URL: 'not a url', RETENTION_DAYS: '1.5' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toEqual([
      expect.stringContaining('UPLOADS_BUCKET is required'),
      expect.stringContaining('NOTIFICATIONS_QUEUE_URL "not a url" is not an SQS queue URL'),
      expect.stringContaining('RETENTION_DAYS must be a whole number'),
    ])
  })

  it('refuses a reports prefix inside the cleaned-up prefix', () => {
    expect(() => loadConfig({ ...valid, REPORTS_PREFIX: 'processed/reports/' })).toThrow(
      /must not overlap/,
    )
  })
})
