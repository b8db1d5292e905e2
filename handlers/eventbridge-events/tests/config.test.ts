import { ConfigError } from '@repo/runtime'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'

const valid = {
  UPLOADS_BUCKET: 'uploads',
  NOTIFICATIONS_QUEUE_URL:
    'https://sqs.us-east-1.amazonaws.com/123456789012/pipeline-notifications',
}

describe('loadConfig', () => {
  it('applies defaults and returns a frozen config', () => {
    const config = loadConfig(valid)
    expect(config).toEqual({
      uploadsBucket: 'uploads',
      notificationsQueueUrl: valid.NOTIFICATIONS_QUEUE_URL,
      retentionDays: 30,
      processedPrefix: 'processed/',
      reportsPrefix: 'reports/',
    })
    expect(Object.isFrozen(config)).toBe(true)
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
      expect.stringMatching(/^UPLOADS_BUCKET is not set and must name the bucket/),
      expect.stringMatching(/^NOTIFICATIONS_QUEUE_URL \("not a url"\) must be the URL of/),
      expect.stringMatching(/^RETENTION_DAYS \("1.5"\) must be a whole number from 1 to 36500/),
    ])
  })

  it('refuses a reports prefix inside the cleaned-up prefix', () => {
    expect(() => loadConfig({ ...valid, REPORTS_PREFIX: 'processed/reports/' })).toThrow(
      /REPORTS_PREFIX \("processed\/reports\/"\) must not overlap PROCESSED_PREFIX/,
    )
  })
})
