import type { ALBEvent } from 'aws-lambda'
import { headerValue } from './alb-request.ts'
import type { HttpResponse } from './alb-response.ts'

/**
 * ALB's own health checks say who they are; they may target any path the target group names.
 * They are always a GET without a body, so anything else with that User-Agent (anyone can send
 * it) is a real request and goes to its route: a `POST /jobs` must create its job or be refused.
 */
export const isElbHealthCheck = (event: ALBEvent): boolean =>
  event.httpMethod === 'GET' &&
  !event.body &&
  (headerValue(event, 'user-agent')?.startsWith('ELB-HealthChecker/') ?? false)

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
