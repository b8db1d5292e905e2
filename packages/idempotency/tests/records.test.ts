import {
  IdempotencyInProgressError,
  IdempotencyKeyError,
  MemoryStore,
  processRecordsOnce,
  toSqsBatchResponse,
} from '@repo/idempotency'
import { recordKey } from '@repo/idempotency/keys'
import { decodedLogs } from '@repo/runtime'
import { loadCorpusEvent } from '@repo/shared'
import type { CloudWatchLogsEvent, S3Event, SNSEvent, SQSEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaContext } from './support/context.ts'
import { storeKinds } from './support/stores.ts'

describe.each(storeKinds())('processRecordsOnce with $name', (kind) => {
  it('does each SQS message once across a redelivery after partial failure', async () => {
    const store = await kind.create()
    const event = loadCorpusEvent<SQSEvent>('powertools-py__sqs__sqsEvent')
    expect(event.Records.length).toBeGreaterThanOrEqual(2)
    const done: string[] = []
    let failOnce = true
    const work = async (record: SQSEvent['Records'][number]) => {
      if (record === event.Records[1] && failOnce) {
        failOnce = false
        throw new Error('flaky downstream')
      }
      done.push(record.messageId)
      return record.messageId.length
    }
    const first = await processRecordsOnce(event.Records, work, { store, context: lambdaContext() })
    expect(first.map((o) => o.status)).toEqual(
      event.Records.map((_, i) => (i === 1 ? 'failed' : 'processed')),
    )
    expect(toSqsBatchResponse(event.Records, first)).toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }],
    })
    // SQS redelivers the whole batch (or the failed part): only the failed message runs again.
    const second = await processRecordsOnce(event.Records, work, {
      store,
      context: lambdaContext(),
    })
    expect(second.map((o) => o.status)).toEqual(
      event.Records.map((_, i) => (i === 1 ? 'processed' : 'replayed')),
    )
    expect(done.sort()).toEqual(event.Records.map((r) => r.messageId).sort())
    expect(second[0]).toEqual({ status: 'replayed', result: event.Records[0]?.messageId.length })
  })
})

describe('per-record keys', () => {
  it('derives each record id: SQS, SNS, S3, log events', () => {
    const sqs = loadCorpusEvent<SQSEvent>('awsdocs-lambda-dg__sqs__with-sqs-standard')
    expect(recordKey(sqs.Records[0])).toBe(`sqs:${sqs.Records[0]?.messageId}`)
    const sns = loadCorpusEvent<SNSEvent>('powertools-ts__sns__base')
    expect(recordKey(sns.Records[0])).toBe(`sns:${sns.Records[0]?.Sns.MessageId}`)
    const s3 = loadCorpusEvent<S3Event>('powertools-ts__s3__base')
    expect(recordKey(s3.Records[0])).toMatch(/^s3:/)
    const logs = decodedLogs(
      loadCorpusEvent<CloudWatchLogsEvent>('powertools-ts__cloudwatch-logs__base'),
    )
    expect(logs.logEvents.map(recordKey)).toEqual(logs.logEvents.map((e) => `cwl:${e.id}`))
    expect(() => recordKey({ something: 1 })).toThrow(IdempotencyKeyError)
  })

  it('reports a record another invocation is processing as failed, without running it', async () => {
    const store = new MemoryStore()
    const sns = loadCorpusEvent<SNSEvent>('powertools-ts__sns__base')
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    let runs = 0
    const work = async () => {
      runs++
      await gate
    }
    const owner = processRecordsOnce(sns.Records, work, { store, context: lambdaContext() })
    const duplicate = await processRecordsOnce(sns.Records, work, {
      store,
      context: lambdaContext(),
    })
    expect(duplicate[0]).toMatchObject({
      status: 'failed',
      error: expect.any(IdempotencyInProgressError),
    })
    release()
    expect((await owner)[0]?.status).toBe('processed')
    expect(runs).toBe(1)
  })
})
