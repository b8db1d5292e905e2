import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { S3Event } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { decodeCloudWatchLogs } from '../../src/index.ts'

const cli = fileURLToPath(new URL('../../src/cli/event.ts', import.meta.url))

/** Runs the CLI the way `npm run event` does: the current Node on the TypeScript source. */
const run = (...args: string[]) => {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('event CLI', () => {
  it('prints an S3 put whose key is form-URL-encoded', () => {
    const { status, stdout, stderr } = run('s3', 'put', '--bucket', 'b', '--key', 'a b+c/ü.csv')
    expect(stderr).toBe('')
    expect(status).toBe(0)
    const event = JSON.parse(stdout) as S3Event
    expect(event.Records).toHaveLength(1)
    expect(event.Records[0]?.s3.bucket.name).toBe('b')
    expect(event.Records[0]?.s3.object.key).toBe('a+b%2Bc/%C3%BC.csv')
    expect(stdout).toContain('\n  "Records"')
  })

  it('prints a CloudWatch Logs event whose data gunzips to a DATA_MESSAGE', () => {
    const { status, stdout } = run('cloudwatch-logs')
    expect(status).toBe(0)
    const decoded = decodeCloudWatchLogs(JSON.parse(stdout))
    expect(decoded.messageType).toBe('DATA_MESSAGE')
    expect(decoded.logEvents.length).toBeGreaterThan(0)
  })

  it('lists triggers, variants and options in --help', () => {
    const { status, stdout } = run('--help')
    expect(status).toBe(0)
    for (const trigger of [
      'alb',
      's3',
      'eventbridge',
      'sns',
      'codepipeline',
      'cloudwatch-logs',
      'sqs',
      'cloudfront',
    ])
      expect(stdout).toContain(trigger)
    expect(stdout).toContain('health-check')
    expect(stdout).toContain('restore-completed')
    expect(stdout).toContain('--multi-value')
  })

  it('rejects an unknown variant on stderr with a non-zero exit', () => {
    const { status, stdout, stderr } = run('s3', 'explode')
    expect(status).not.toBe(0)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/'explode' is invalid for argument 'variant'/)
    expect(stderr).toContain('put')
  })

  it('rejects an unknown option and a bad option value', () => {
    const unknown = run('alb', 'get', '--colour', 'blue')
    expect(unknown.status).not.toBe(0)
    expect(unknown.stderr).toMatch(/unknown option '--colour'/)
    const badState = run('eventbridge', 'action', '--state', 'STOPPING')
    expect(badState.status).not.toBe(0)
    expect(badState.stderr).toMatch(/STOPPING does not apply to action events/)
  })

  it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'])(
    'alb get keeps %s as a query key and header name (own keys, no crash)',
    (name) => {
      const { status, stdout, stderr } = run(
        'alb',
        'get',
        '--multi-value',
        '--query',
        `${name}=1&${name}=2`,
        '--header',
        `${name}: a`,
        '--header',
        `${name}: b`,
      )
      expect(stderr).toBe('')
      expect(status).toBe(0)
      const event = JSON.parse(stdout) as {
        multiValueQueryStringParameters: object
        multiValueHeaders: object
      }
      const own = (map: object, key: string) =>
        Object.hasOwn(map, key) ? (map as Record<string, unknown>)[key] : undefined
      expect(own(event.multiValueQueryStringParameters, name)).toEqual(['1', '2'])
      expect(own(event.multiValueHeaders, name.toLowerCase())).toEqual(['a', 'b'])
    },
  )

  it('builds the other triggers and variants', () => {
    const health = JSON.parse(run('alb', 'health-check', '--multi-value').stdout)
    expect(health.multiValueHeaders['user-agent']).toEqual(['ELB-HealthChecker/2.0'])
    expect(JSON.parse(run('s3', 'test-event').stdout).Event).toBe('s3:TestEvent')
    expect(JSON.parse(run('eventbridge', 'scheduled-cron').stdout)['detail-type']).toBe(
      'Scheduled Event',
    )
    expect(JSON.parse(run('sqs', 'fifo', '--count', '3').stdout).Records).toHaveLength(3)
  })
})
