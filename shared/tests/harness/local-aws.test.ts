import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import {
  applyEnv,
  readObject,
  readQueue,
  readSnsNotifications,
  startLocalAws,
  UnknownLocalResourceError,
  useLocalAws,
} from '@repo/shared/harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe('local AWS', () => {
  const aws = useLocalAws(
    { beforeAll, afterAll },
    {
      region: 'eu-west-1',
      buckets: ['uploads'],
      queues: ['audit', 'red-only', 'raw'],
      topics: [
        {
          name: 'orders',
          subscriptions: [
            'audit',
            { queue: 'red-only', filterPolicy: { color: ['red'] } },
            { queue: 'raw', rawMessageDelivery: true },
          ],
        },
      ],
      tables: [{ name: 'idempotency', partitionKey: 'id' }],
    },
  )

  it('hands a handler the environment it needs', () => {
    const { env, endpoints } = aws()
    expect(env).toMatchObject({
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: endpoints.fauxqs,
      AWS_ENDPOINT_URL_S3: endpoints.fauxqs,
      AWS_ENDPOINT_URL_SQS: endpoints.fauxqs,
      AWS_ENDPOINT_URL_SNS: endpoints.fauxqs,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_CODEPIPELINE: endpoints.codepipeline,
      AWS_ACCESS_KEY_ID: 'test',
    })
    expect(process.env.AWS_ENDPOINT_URL_S3).toBe(endpoints.fauxqs)
    // An env-configured SQS client sends to the QueueUrl's origin: it must be the emulator's.
    expect(new URL(aws().queueUrl('audit')).origin).toBe(endpoints.fauxqs)
    expect(aws().queues.audit?.arn).toBe('arn:aws:sqs:eu-west-1:000000000000:audit')
    expect(aws().topicArn('orders')).toBe('arn:aws:sns:eu-west-1:000000000000:orders')
    expect(aws().tables.idempotency?.arn).toMatch(/:table\/idempotency$/)
    expect(() => aws().queueUrl('nope')).toThrow(UnknownLocalResourceError)
  })

  it('puts and gets an S3 object through a client configured only from the environment', async () => {
    // What a handler does at module load: no endpoint, no path-style flag.
    const s3 = new S3Client({})
    await s3.send(
      new PutObjectCommand({
        Bucket: 'uploads',
        Key: 'in/report 1+2.csv',
        Body: 'a,b\n1,2\n',
        ContentType: 'text/csv',
        Metadata: { source: 'test' },
      }),
    )

    expect(await readObject(aws(), 'uploads', 'in/report 1+2.csv')).toMatchObject({
      body: 'a,b\n1,2\n',
      contentType: 'text/csv',
      metadata: { source: 'test' },
      contentLength: 8,
    })
    s3.destroy()
  })

  it('reads a binary object byte for byte', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index) // not valid UTF-8
    await aws().clients.s3.send(
      new PutObjectCommand({ Bucket: 'uploads', Key: 'b.bin', Body: bytes }),
    )
    expect((await readObject(aws(), 'uploads', 'b.bin')).bytes).toEqual(bytes)
  })

  it('fans an SNS publish out to subscribed SQS queues, filter policies included', async () => {
    const sns = new SNSClient({})
    await sns.send(
      new PublishCommand({
        TopicArn: aws().topicArn('orders'),
        Message: JSON.stringify({ orderId: 'o-1' }),
        Subject: 'created',
        MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' } },
      }),
    )

    const [notification] = await readSnsNotifications(aws(), 'audit')
    expect(notification).toMatchObject({
      Type: 'Notification',
      TopicArn: aws().topicArn('orders'),
      Subject: 'created',
      Message: '{"orderId":"o-1"}',
    })
    expect(await readQueue(aws(), 'red-only')).toEqual([])
    expect((await readQueue(aws(), 'raw')).map((message) => message.body)).toEqual([
      '{"orderId":"o-1"}',
    ])
    sns.destroy()
  })

  it('reads a queue without consuming it when asked to keep the messages', async () => {
    const sqs = new SQSClient({})
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: aws().queueUrl('audit'),
        MessageBody: 'kept',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'note' } },
      }),
    )

    expect(await readQueue(aws(), 'audit', { keep: true })).toMatchObject([
      { body: 'kept', attributes: { kind: 'note' } },
    ])
    expect(await readQueue(aws(), 'audit')).toMatchObject([{ body: 'kept' }])
    expect(await readQueue(aws(), 'audit')).toEqual([])
    sqs.destroy()
  })

  it('stores DynamoDB items in dynalite', async () => {
    const { dynamodb } = aws().clients
    await dynamodb.send(
      new PutItemCommand({ TableName: 'idempotency', Item: { id: { S: 'k1' }, n: { N: '1' } } }),
    )

    const { Item } = await dynamodb.send(
      new GetItemCommand({ TableName: 'idempotency', Key: { id: { S: 'k1' } } }),
    )
    expect(Item).toEqual({ id: { S: 'k1' }, n: { N: '1' } })
  })
})

describe('applyEnv', () => {
  it('restores exactly what was there, including unset variables', () => {
    process.env.HARNESS_KEPT = 'before'
    delete process.env.HARNESS_NEW
    const restore = applyEnv({ HARNESS_KEPT: 'during', HARNESS_NEW: 'x' })
    expect([process.env.HARNESS_KEPT, process.env.HARNESS_NEW]).toEqual(['during', 'x'])

    restore()
    expect([process.env.HARNESS_KEPT, process.env.HARNESS_NEW]).toEqual(['before', undefined])
    delete process.env.HARNESS_KEPT
  })
})

describe('startLocalAws', () => {
  it('starts empty, on distinct free ports, and stops', async () => {
    const [one, two] = await Promise.all([startLocalAws(), startLocalAws()])
    expect(one.endpoints.fauxqs).not.toBe(two.endpoints.fauxqs)
    await Promise.all([one.stop(), two.stop()])
    await expect(fetch(`${one.endpoints.dynamodb}/`)).rejects.toThrow()
  })
})
