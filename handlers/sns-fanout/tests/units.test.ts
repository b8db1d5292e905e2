import { s3Event, s3Record, s3TestEvent, snsRecord } from '@repo/shared'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { carriedAttributes, toSqsAttribute } from '../src/attributes.ts'
import { createBatchGate } from '../src/batch-gate.ts'
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_ENTRIES,
  messageBytes,
  type OutgoingMessage,
  toBatches,
} from '../src/batches.ts'
import { messageTypeOf } from '../src/route.ts'

describe('messageTypeOf', () => {
  it('prefers the type attribute, then S3 content, then a JSON type field', () => {
    expect(messageTypeOf(snsRecord({ message: '{"type":"b"}', attributes: { type: 'a' } }))).toBe(
      'a',
    )
    expect(messageTypeOf(snsRecord({ message: s3Event([s3Record()]) }))).toBe('s3')
    expect(messageTypeOf(snsRecord({ message: s3TestEvent() }))).toBe('s3')
    expect(messageTypeOf(snsRecord({ message: '{"type":"b"}' }))).toBe('b')
    expect(messageTypeOf(snsRecord({ message: '{"type":7}' }))).toBeUndefined()
    expect(messageTypeOf(snsRecord({ message: '{not json' }))).toBeUndefined()
    // A Number attribute named type is not a routing type.
    expect(messageTypeOf(snsRecord({ message: 'x', attributes: { type: 5 } }))).toBeUndefined()
  })
})

describe('attributes', () => {
  it('decodes SNS base64 Binary into bytes and keeps String.Array as a custom String type', () => {
    expect(toSqsAttribute('Binary', Buffer.from('hi').toString('base64'))).toEqual({
      DataType: 'Binary',
      BinaryValue: Buffer.from('hi'),
    })
    expect(toSqsAttribute('String.Array', '["a"]')).toEqual({
      DataType: 'String.Array',
      StringValue: '["a"]',
    })
  })

  it('carries an attribute named __proto__ or constructor as an attribute, not a prototype', () => {
    const record = snsRecord({ message: 'x' })
    record.Sns.MessageAttributes = JSON.parse(
      '{"__proto__":{"Type":"String","Value":"p"},"constructor":{"Type":"String","Value":"c"}}',
    )
    const { attributes } = carriedAttributes(record)
    expect(Object.keys(attributes)).toEqual([
      '__proto__',
      'constructor',
      'sns.MessageId',
      'sns.TopicArn',
    ])
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toEqual({
      DataType: 'String',
      StringValue: 'p',
    })
  })

  it('never carries more than 10, publisher attributes first', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 15 }),
        fc.option(fc.string({ minLength: 1 })),
        (names, subject) => {
          const record = snsRecord({
            subject,
            attributes: Object.fromEntries(names.map((name) => [name, 'v'])),
          })
          const { attributes, dropped } = carriedAttributes(record)
          const carried = Object.keys(attributes)
          expect(carried.length).toBeLessThanOrEqual(10)
          expect(carried.slice(0, Math.min(10, names.length))).toEqual(names.slice(0, 10))
          expect(dropped).toEqual(names.slice(10))
        },
      ),
    )
  })
})

describe('toBatches', () => {
  const message = (id: number, bodyBytes: number): OutgoingMessage => ({
    id: String(id),
    queueUrl: 'q',
    body: 'x'.repeat(bodyBytes),
    attributes: { type: { DataType: 'String', StringValue: 'order' } },
  })

  it('keeps order and every message, with at most 10 entries and 256 KiB per batch', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 120_000 }), { maxLength: 40 }), (sizes) => {
        const messages = sizes.map((size, id) => message(id, size))
        const batches = toBatches(messages)
        expect(batches.flat()).toEqual(messages)
        for (const batch of batches) {
          expect(batch.length).toBeLessThanOrEqual(MAX_BATCH_ENTRIES)
          expect(batch.reduce((sum, one) => sum + messageBytes(one), 0)).toBeLessThanOrEqual(
            MAX_BATCH_BYTES,
          )
        }
      }),
    )
  })

  it('counts attribute names, types and values as SQS does', () => {
    expect(messageBytes(message(0, 10))).toBe(10 + 'type'.length + 'String'.length + 'order'.length)
  })
})

describe('createBatchGate', () => {
  it('flushes once every record has submitted or withdrawn, and answers each submitter', async () => {
    const flushes: number[][] = []
    const gate = createBatchGate<string, string>(3, async (submitted) => {
      flushes.push([...submitted.keys()])
      return new Map(
        [...submitted].map(([index, text]) => [
          index,
          text === 'bad' ? new Error('no') : `sent ${text}`,
        ]),
      )
    })
    const first = gate.submit(0, 'a')
    const second = gate.submit(2, 'bad')
    expect(flushes).toEqual([])
    gate.withdraw(1)
    gate.withdraw(0) // already submitted: ignored
    await expect(first).resolves.toBe('sent a')
    await expect(second).rejects.toThrow('no')
    expect(flushes).toEqual([[0, 2]])
  })
})
