import { ConfigError } from './errors.ts'

export interface Config {
  /** Where batches are archived as gzipped NDJSON. */
  archiveBucket: string
  /** Standard SQS queue that receives one message per error-level log event. */
  alertsQueueUrl: string
}

const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

/** Reads the environment once, at cold start; names every missing or invalid variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const problems: string[] = []
  const read = (name: string, valid: (value: string) => boolean, hint: string): string => {
    const value = env[name]?.trim() ?? ''
    if (value === '') problems.push(`${name} is required (${hint})`)
    else if (!valid(value)) problems.push(`${name} is invalid: "${value}" (${hint})`)
    return value
  }
  const config = {
    archiveBucket: read('ARCHIVE_BUCKET', (v) => bucketName.test(v), 'an S3 bucket name'),
    alertsQueueUrl: read('ALERTS_QUEUE_URL', (v) => URL.canParse(v), 'an SQS queue URL'),
  }
  if (problems.length > 0) throw new ConfigError(`Invalid environment: ${problems.join('; ')}.`)
  return config
}
