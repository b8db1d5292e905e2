import { ConfigError } from '@repo/runtime'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_BODY_BYTES, loadConfig } from '../src/config.ts'

const valid = {
  JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
  JOBS_TABLE_NAME: 'jobs-worker-jobs-table',
  FILES_BUCKET: 'my-files',
}

describe('loadConfig', () => {
  it('reads the environment and applies the documented defaults', () => {
    expect(loadConfig(valid)).toEqual({
      jobsQueueUrl: valid.JOBS_QUEUE_URL,
      jobsTableName: valid.JOBS_TABLE_NAME,
      filesBucket: 'my-files',
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      presignedUrlTtlSeconds: 300,
    })
    expect(loadConfig({ ...valid, MAX_BODY_BYTES: '1024' }).maxBodyBytes).toBe(1024)
  })

  it('names every missing variable in one ConfigError', () => {
    expect(() => loadConfig({})).toThrow(ConfigError)
    expect(() => loadConfig({ FILES_BUCKET: '  ' })).toThrow(
      /JOBS_QUEUE_URL is not set[\s\S]*FILES_BUCKET is not set/,
    )
  })

  it('names invalid values with what is expected', () => {
    const bad = {
      ...valid,
      JOBS_QUEUE_URL: 'jobs',
      FILES_BUCKET: 'My_Bucket',
      MAX_BODY_BYTES: '10MB',
      PRESIGNED_URL_TTL_SECONDS: '0',
    }
    expect(() => loadConfig(bad)).toThrow(
      /JOBS_QUEUE_URL \("jobs"\) must be the URL[\s\S]*FILES_BUCKET \("My_Bucket"\) must be an S3 bucket name[\s\S]*MAX_BODY_BYTES \("10MB"\)[\s\S]*PRESIGNED_URL_TTL_SECONDS \("0"\) must be a whole number from 1 to 604800 seconds/,
    )
    expect(() => loadConfig({ ...valid, MAX_BODY_BYTES: String(10 * 1024 * 1024) })).toThrow(
      /MAX_BODY_BYTES .* must be a whole number from 1 to 262144 bytes/,
    )
  })
})
