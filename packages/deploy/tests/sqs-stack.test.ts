import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { HandlerStack, handlerRoleStatements, nagFindings } from '../src/index.ts'
import { fifoSqsDeclaration, sqsDeclaration } from './support/declarations.ts'
import { fakeBundleDir } from './support/fake-bundle.ts'

const app = new App({ analyticsReporting: false })
let stack: HandlerStack
let template: Template
let fifoTemplate: Template

beforeAll(() => {
  const bundleDir = fakeBundleDir()
  stack = new HandlerStack(app, { declaration: sqsDeclaration, bundleDir })
  const fifoStack = new HandlerStack(app, { declaration: fifoSqsDeclaration, bundleDir })
  template = Template.fromStack(stack)
  fifoTemplate = Template.fromStack(fifoStack)
})

describe('an sqs trigger', () => {
  it('maps the queue with ReportBatchItemFailures, batch size, window and maximum concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] },
      FunctionName: { Ref: Match.anyValue() },
      BatchSize: 25,
      MaximumBatchingWindowInSeconds: 2,
      ScalingConfig: { MaximumConcurrency: 4 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
  })

  it('creates the ref queue with the declared visibility timeout, its shared name and a DLQ at maxReceiveCount', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'tiny-worker-work-queue',
      VisibilityTimeout: 120,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['WorkQueueDeadLetters', 'Arn'] },
        maxReceiveCount: 3,
      },
    })
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'tiny-worker-work-queue-dlq',
      MessageRetentionPeriod: 14 * 24 * 3600,
    })
  })

  it('names a shared table <handler>-<kebab-ref>, and leaves other tables to CloudFormation', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'tiny-worker-status-table',
    })
    const names = Object.values(template.findResources('AWS::DynamoDB::Table')).map(
      (table) => (table as { Properties: { TableName?: string } }).Properties.TableName,
    )
    expect(names.sort()).toEqual(['tiny-worker-status-table', undefined])
  })

  it('creates a FIFO queue with a FIFO DLQ and no batching window', () => {
    fifoTemplate.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'tiny-fifo-worker-ordered-queue.fifo',
      FifoQueue: true,
      VisibilityTimeout: 60,
    })
    fifoTemplate.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'tiny-fifo-worker-ordered-queue-dlq.fifo',
      FifoQueue: true,
    })
    fifoTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: Match.absent(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
  })

  it('lets the role poll only its own queue, with no async policy', () => {
    const consume = handlerRoleStatements(stack, template).filter((statement) =>
      statement.actions.includes('sqs:ReceiveMessage'),
    )
    expect(consume).toHaveLength(1)
    expect(JSON.stringify(consume[0]?.resources)).toContain('WorkQueue')
    expect(consume[0]?.actions).not.toContain('sqs:SendMessage')
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0)
  })

  it('passes cdk-nag', () => {
    expect(nagFindings(app)).toEqual([])
  })
})
