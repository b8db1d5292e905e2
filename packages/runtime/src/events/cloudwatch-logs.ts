import type { CloudWatchLogsEvent } from 'aws-lambda'
import { own, ShapeCheck } from './shape-check.ts'

const check = new ShapeCheck('CloudWatch Logs')

/**
 * Checks the envelope a subscription filter invokes a function with: `awslogs.data`, a
 * non-empty string. What the string holds (base64 of gzip of JSON, bounded) is
 * `decodeLogsData`'s to check, with its own typed errors.
 */
export function assertCloudWatchLogsEvent(event: unknown): asserts event is CloudWatchLogsEvent {
  const awslogs = check.object(own(check.object(event, '(event)'), 'awslogs'), 'awslogs')
  check.nonEmptyText(own(awslogs, 'data'), 'awslogs.data')
}
