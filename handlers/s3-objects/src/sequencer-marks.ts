import { createHash } from 'node:crypto'
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import { padSequencer } from './sequencer.ts'

/**
 * The newest S3 `sequencer` handled per object key (a "high-water mark"), so a late event
 * (a delete delivered after the put that followed it) changes nothing.
 *
 * It lives in the idempotency table, beside the idempotency records, but it is not one of them:
 * `IdempotencyStore` (acquire / complete / get / release) can only create a record when the key is
 * free, never raise an existing value conditionally. Here one conditional UpdateItem does "set to
 * max": `attribute_not_exists(sequencer) OR sequencer <= :incoming`. Sequencers are stored padded
 * to one width, so DynamoDB's string order is AWS's order.
 */
export interface SequencerMark {
  /** Scopes marks per function, like idempotency keys (two functions on one bucket do not collide). */
  namespace: string
  bucket: string
  /** Decoded object key. */
  key: string
  sequencer: string
}

export interface SequencerMarks {
  /**
   * Records `sequencer` unless a newer one is recorded for the key. True: this event is the newest
   * seen (or the same one again, a retry), go ahead. False: stale, a newer event already ran.
   */
  advance(mark: SequencerMark, now: number): Promise<boolean>
}

export interface DynamoDBSequencerMarksOptions {
  client: DynamoDBClient
  /** The idempotency table (string partition key `id`, TTL on `ttl`). */
  tableName: string
  /** How long a mark outlives its last event. It must exceed the longest an event can be late. */
  retentionSeconds: number
}

// DynamoDB partition keys are at most 2048 bytes; S3 keys alone may take 1024.
const MAX_ID_BYTES = 1024

export const sequencerMarkId = (mark: Omit<SequencerMark, 'sequencer'>): string => {
  const id = `${mark.namespace}#s3-sequencer#${mark.bucket}/${mark.key}`
  return Buffer.byteLength(id) <= MAX_ID_BYTES
    ? id
    : `${mark.namespace}#s3-sequencer#sha256:${createHash('sha256').update(id).digest('base64url')}`
}

export class DynamoDBSequencerMarks implements SequencerMarks {
  readonly #client: DynamoDBClient
  readonly #table: string
  readonly #retentionSeconds: number

  constructor(options: DynamoDBSequencerMarksOptions) {
    this.#client = options.client
    this.#table = options.tableName
    this.#retentionSeconds = options.retentionSeconds
  }

  async advance(mark: SequencerMark, now: number): Promise<boolean> {
    const padded = padSequencer(mark.sequencer)
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { id: { S: sequencerMarkId(mark) } },
          UpdateExpression: 'SET #seq = :seq, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#seq) OR #seq <= :seq',
          ExpressionAttributeNames: { '#seq': 'sequencer', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':seq': { S: padded },
            ':ttl': { N: String(Math.ceil(now / 1000) + this.#retentionSeconds) },
          },
        }),
      )
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      throw error
    }
  }
}
