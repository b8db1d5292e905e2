import { ConfigError } from '@repo/runtime'
import { expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'

it('names every missing or invalid variable at once', () => {
  expect(() => loadConfig({ ARCHIVE_BUCKET: 'Not_A_Bucket' })).toThrow(ConfigError)
  expect(() => loadConfig({ ARCHIVE_BUCKET: 'Not_A_Bucket' })).toThrow(
    /ARCHIVE_BUCKET \("Not_A_Bucket"\) must be an S3 bucket name[\s\S]*ALERTS_QUEUE_URL is not set/,
  )
})

it('reads a valid environment', () => {
  expect(
    loadConfig({
      ARCHIVE_BUCKET: 'log-archive',
      ALERTS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/alerts',
    }),
  ).toEqual({
    archiveBucket: 'log-archive',
    alertsQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/alerts',
  })
})
