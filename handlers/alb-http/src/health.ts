import type { ALBEvent } from 'aws-lambda'
import { headerValue } from './alb-request.ts'
import type { HttpResponse } from './alb-response.ts'

/** ALB's own health checks say who they are; they may target any path the target group names. */
export const isElbHealthCheck = (event: ALBEvent): boolean =>
  headerValue(event, 'user-agent')?.startsWith('ELB-HealthChecker/') ?? false

/**
 * `GET /health`: answers from memory. A health check that calls DynamoDB or SQS would mark every
 * target unhealthy during a dependency blip and take the whole service down with it.
 */
export const health = (): HttpResponse => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: '{"status":"ok"}',
  isBase64Encoded: false,
})
