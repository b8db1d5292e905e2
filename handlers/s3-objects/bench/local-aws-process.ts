/**
 * fauxqs (S3, SQS) and dynalite (DynamoDB) in their own process, so the object they keep in
 * memory does not count against the readers' RSS. Prints `{"env": {...}}` (the AWS_* variables
 * that point an SDK client at them) on stdout once ready; stops when stdin closes.
 */
import { startLocalAws } from '@repo/shared/harness'

const aws = await startLocalAws({
  buckets: ['uploads'],
  queues: ['results'],
  tables: [{ name: 'idempotency', partitionKey: 'id' }],
})
const env = {
  ...aws.env,
  RESULTS_QUEUE_URL: aws.queueUrl('results'),
  IDEMPOTENCY_TABLE_NAME: 'idempotency',
}
process.stdout.write(`${JSON.stringify({ env })}\n`)
process.stdin.resume()
process.stdin.on('end', () => {
  void aws.stop().then(() => process.exit(0))
})
