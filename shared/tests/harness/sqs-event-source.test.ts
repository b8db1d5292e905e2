import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs'
import type { SQSEvent } from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  batchItemFailures,
  countMessages,
  pollSqsOnce,
  type SqsEventSourceOptions,
  useLocalAws,
} from '../../src/harness/index.ts'

const aws = useLocalAws(
  { beforeAll, afterAll },
  { queues: [{ name: 'work', attributes: { VisibilityTimeout: '30' } }] },
)
beforeEach(() => aws().reset())

const options = (overrides: Partial<SqsEventSourceOptions> = {}): SqsEventSourceOptions => ({
  sqs: aws().clients.sqs,
  queueUrl: aws().queueUrl('work'),
  queueArn: aws().queues.work?.arn ?? '',
  waitTimeSeconds: 0,
  ...overrides,
})

const send = async (count: number) => {
  for (let start = 0; start < count; start += 10) {
    await aws().clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: aws().queueUrl('work'),
        Entries: Array.from({ length: Math.min(10, count - start) }, (_, index) => ({
          Id: String(index),
          MessageBody: `m${start + index}`,
        })),
      }),
    )
  }
}

describe('batchItemFailures (how Lambda reads the answer)', () => {
  const ids = ['a', 'b']
  it.each([
    ['no answer', undefined, []],
    ['null', null, []],
    ['an empty object', {}, []],
    ['an empty list', { batchItemFailures: [] }, []],
    ['null list', { batchItemFailures: null }, []],
    ['one failure', { batchItemFailures: [{ itemIdentifier: 'b' }] }, ['b']],
    ['an id not in the batch', { batchItemFailures: [{ itemIdentifier: 'z' }] }, 'invalid'],
    ['an empty id', { batchItemFailures: [{ itemIdentifier: '' }] }, 'invalid'],
    ['a missing id', { batchItemFailures: [{}] }, 'invalid'],
    ['a list that is not one', { batchItemFailures: 'a' }, 'invalid'],
    ['a string answer', 'ok', 'invalid'],
    ['a __proto__ id', { batchItemFailures: [{ itemIdentifier: '__proto__' }] }, 'invalid'],
  ])('%s', (_, answer, expected) => {
    expect(batchItemFailures(answer, ids)).toEqual(expected)
  })
})

describe('pollSqsOnce on fauxqs', () => {
  it('delivers a batch with the record shape Lambda sends, and deletes what succeeded', async () => {
    await aws().clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: aws().queueUrl('work'),
        MessageBody: 'hello',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } },
      }),
    )
    let seen: SQSEvent | undefined
    const report = await pollSqsOnce(options(), async (event) => {
      seen = event
      return { batchItemFailures: [] }
    })
    expect(report).toMatchObject({ outcome: 'success', failedIds: [] })
    expect(seen?.Records[0]).toMatchObject({
      body: 'hello',
      eventSource: 'aws:sqs',
      eventSourceARN: aws().queues.work?.arn,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.any(String) },
      messageAttributes: {
        kind: { dataType: 'String', stringValue: 'greeting', stringListValues: [] },
      },
    })
    expect(await countMessages(aws(), 'work')).toBe(0)
  })

  it('fills a batch past 10 within the batching window', async () => {
    await send(25)
    const report = await pollSqsOnce(
      options({ batchSize: 25, maximumBatchingWindowMs: 1000 }),
      async () => undefined,
    )
    expect(report?.messageIds).toHaveLength(25)
    expect(await countMessages(aws(), 'work')).toBe(0)
  })

  it('keeps only the named failures; they come back when their visibility is shortened', async () => {
    await send(3)
    const first = await pollSqsOnce(options({ retryVisibilitySeconds: 0 }), async (event) => ({
      batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }],
    }))
    const second = await pollSqsOnce(options(), async () => undefined)
    expect(first?.deletedIds).toHaveLength(2)
    expect(second?.messageIds).toEqual([first?.failedIds[0]])
  })

  it('leaves the whole batch in flight on a function error or an invalid answer', async () => {
    await send(2)
    const failed = await pollSqsOnce(options(), async () => {
      throw new Error('boom')
    })
    expect(failed).toMatchObject({ outcome: 'error', deletedIds: [] })
    expect(failed?.failedIds).toHaveLength(2)
    // Still invisible: Lambda does not shorten the visibility timeout on its own.
    expect(await pollSqsOnce(options(), async () => undefined)).toBeUndefined()
    expect(await countMessages(aws(), 'work')).toBe(2)
    aws().reset()
    await send(1)
    const invalid = await pollSqsOnce(options(), async () => ({
      batchItemFailures: [{ itemIdentifier: 'not-in-batch' }],
    }))
    expect(invalid).toMatchObject({ outcome: 'invalid-response', deletedIds: [] })
    expect(await countMessages(aws(), 'work')).toBe(1)
  })
})
