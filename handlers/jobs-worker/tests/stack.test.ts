import { commonHandlerStackChecks, handlerStackUnderTest } from '@repo/deploy'
import { Match } from 'aws-cdk-lib/assertions'
import { describe, it } from 'vitest'
import { bundleDir, createStack, permissions } from '../infra/stack.ts'
import { declaration } from '../src/trigger.ts'

// Synthesized once, on first use: synthesis is the slow part.
const stack = handlerStackUnderTest({ declaration, bundleDir, permissions, createStack })

describe('the jobs-worker stack', () => {
  for (const check of commonHandlerStackChecks(stack)) it(check.name, check.run)

  it('owns the jobs queue, its DLQ and the jobs table under the names alb-http uses', () => {
    stack.template().hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'jobs-worker-jobs-queue',
      VisibilityTimeout: 180,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['JobsQueueDeadLetters', 'Arn'] },
        maxReceiveCount: 3,
      },
    })
    stack.template().hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'jobs-worker-jobs-queue-dlq',
    })
    stack.template().hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'jobs-worker-jobs-table',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    })
    stack.template().hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
    stack.template().hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JOBS_TABLE_NAME: { Ref: 'JobsTable' },
          RESULTS_BUCKET: { Ref: 'ResultsBucket' },
          MAX_RECEIVE_COUNT: '3',
        }),
      },
    })
  })
})
