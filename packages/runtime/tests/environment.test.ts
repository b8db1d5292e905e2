import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import {
  bucketName,
  ConfigError,
  isBucketName,
  isQueueUrl,
  keyPrefix,
  queueUrl,
  readEnvironment,
  tableName,
  wholeNumber,
} from '../src/index.ts'

const schema = z.object({
  UPLOADS_BUCKET: bucketName('the bucket uploads land in'),
  JOBS_QUEUE_URL: queueUrl('the jobs queue'),
  RETENTION_DAYS: z._default(wholeNumber({ min: 1, max: 36_500, unit: 'days' }), 30),
  PROCESSED_PREFIX: z._default(keyPrefix(), 'processed/'),
})

const valid = {
  UPLOADS_BUCKET: 'uploads-1',
  JOBS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs',
}

const problemsOf = (env: Record<string, string | undefined>): readonly string[] => {
  try {
    readEnvironment(schema, env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems
  }
  throw new Error('readEnvironment accepted the environment')
}

describe('readEnvironment', () => {
  it('returns typed values, defaults applied, frozen', () => {
    const config = readEnvironment(schema, { ...valid, RETENTION_DAYS: '7', UNRELATED: 'x' })
    expect(config).toEqual({ ...valid, RETENTION_DAYS: 7, PROCESSED_PREFIX: 'processed/' })
    expect(Object.isFrozen(config)).toBe(true)
    expect(config).not.toHaveProperty('UNRELATED')
  })

  it('names every bad variable in one ConfigError, with its value and what it must be', () => {
    let caught: unknown
    try {
      readEnvironment(
        schema,
        { UPLOADS_BUCKET: 'My_Bucket', RETENTION_DAYS: '0', PROCESSED_PREFIX: '/abs' },
        { subject: 'eventbridge-events' },
      )
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ConfigError)
    const error = caught as ConfigError
    expect(error.name).toBe('ConfigError')
    expect(error.problems).toEqual([
      expect.stringMatching(/^UPLOADS_BUCKET \("My_Bucket"\) must be an S3 bucket name/),
      expect.stringMatching(/^JOBS_QUEUE_URL is not set and must be the URL of the jobs queue/),
      'RETENTION_DAYS ("0") must be a whole number from 1 to 36500 days',
      expect.stringMatching(/^PROCESSED_PREFIX \("\/abs"\) must be an S3 key prefix/),
    ])
    expect(error.message).toMatch(/^eventbridge-events cannot start; fix its environment:\n {2}- /)
    expect(Object.isFrozen(error.problems)).toBe(true)
  })

  it('treats a blank variable as unset, so its default applies', () => {
    const config = readEnvironment(schema, {
      ...valid,
      RETENTION_DAYS: '  ',
      UPLOADS_BUCKET: ' uploads-1 ',
    })
    expect(config.RETENTION_DAYS).toBe(30)
    expect(config.UPLOADS_BUCKET).toBe('uploads-1')
    expect(problemsOf({ ...valid, UPLOADS_BUCKET: '   ' })).toEqual([
      'UPLOADS_BUCKET is not set and must name the bucket uploads land in',
    ])
  })

  it('cuts a long value short in the message', () => {
    const [problem] = problemsOf({ ...valid, UPLOADS_BUCKET: 'x'.repeat(500) })
    expect(problem).toContain(`("${'x'.repeat(80)}…")`)
    expect(problem).not.toContain('x'.repeat(81))
  })

  it('reads a variable named like an Object prototype member as an ordinary variable', () => {
    const odd = z.object({ constructor: wholeNumber({ min: 1, max: 2 }) })
    expect(readEnvironment(odd, { constructor: '2' })).toEqual({ constructor: 2 })
    expect(() => readEnvironment(odd, {})).toThrow(/constructor is not set/)
  })
})

describe('field schemas', () => {
  it('bucketName follows S3 naming rules', () => {
    for (const name of ['abc', 'my.bucket-1', 'a'.repeat(63)]) expect(isBucketName(name)).toBe(true)
    for (const name of [
      'ab',
      'a'.repeat(64),
      'My_Bucket',
      '-abc',
      'abc-',
      'a..b',
      '192.168.1.1',
      'xn--abc',
    ])
      expect(isBucketName(name), name).toBe(false)
  })

  it('tableName follows DynamoDB naming rules and names the table when unset', () => {
    const schema = z.object({ JOBS_TABLE_NAME: tableName('the jobs table') })
    expect(readEnvironment(schema, { JOBS_TABLE_NAME: 'jobs-worker.jobs_1' })).toEqual({
      JOBS_TABLE_NAME: 'jobs-worker.jobs_1',
    })
    for (const bad of ['ab', 'a'.repeat(256), 'a/b', 'jobs table']) {
      expect(() => readEnvironment(schema, { JOBS_TABLE_NAME: bad }), bad).toThrow(
        /JOBS_TABLE_NAME .* must be the name of the jobs table: 3-255/,
      )
    }
    expect(() => readEnvironment(schema, {})).toThrow(/JOBS_TABLE_NAME is not set/)
  })

  it('queueUrl accepts SQS and emulator URLs and rejects anything else', () => {
    expect(isQueueUrl('https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo')).toBe(true)
    expect(isQueueUrl('http://127.0.0.1:4566/000000000000/jobs')).toBe(true)
    for (const url of [
      'jobs',
      'ftp://sqs.us-east-1.amazonaws.com/1/jobs',
      'https://sqs.us-east-1.amazonaws.com/jobs',
      'https://sqs.us-east-1.amazonaws.com/1/jobs/extra',
      `https://sqs.us-east-1.amazonaws.com/1/${'q'.repeat(81)}`,
      'https://sqs.us-east-1.amazonaws.com/1/jobs?Action=Purge',
    ])
      expect(isQueueUrl(url), url).toBe(false)
  })

  it('wholeNumber takes digits only, within its range', () => {
    const seconds = z.object({ N: wholeNumber({ min: 1, max: 900 }) })
    expect(readEnvironment(seconds, { N: '900' }).N).toBe(900)
    expect(readEnvironment(seconds, { N: '1' }).N).toBe(1)
    for (const text of ['0', '901', '1e2', '0x10', '-5', '12.0', '+3', 'NaN', '9'.repeat(20)])
      expect(() => readEnvironment(seconds, { N: text }), text).toThrow(
        /N \(".*"\) must be a whole number from 1 to 900$/m,
      )
  })

  it('keyPrefix refuses a leading slash and control characters', () => {
    const prefixes = z.object({ P: keyPrefix() })
    expect(readEnvironment(prefixes, { P: 'reports/2026/' }).P).toBe('reports/2026/')
    for (const text of ['/reports', 'a\u0001b', 'x'.repeat(1025)])
      expect(() => readEnvironment(prefixes, { P: text })).toThrow(ConfigError)
  })
})
