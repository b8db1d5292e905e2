import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import { IdempotencyResultTooLargeError, IdempotencyStoreError } from '../errors.ts'
import type {
  AcquireOutcome,
  AcquireRequest,
  CompleteRequest,
  IdempotencyRecord,
  IdempotencyStore,
  RecordStatus,
} from './store.ts'
import { checkResultSize, decodeResult, encodeResult, MAX_RESULT_BYTES } from './store.ts'

export interface DynamoDBStoreOptions {
  client: DynamoDBClient
  tableName: string
  /** Partition key attribute (string). Default `id`. */
  keyAttribute?: string
  /** Attribute named in the table's TTL setting (epoch seconds). Default `ttl`. */
  ttlAttribute?: string
}

const IN_PROGRESS: AttributeValue = { S: 'IN_PROGRESS' }
const COMPLETED: AttributeValue = { S: 'COMPLETED' }
const num = (value: number): AttributeValue => ({ N: String(value) })
const ttlSeconds = (expiresAtMs: number): AttributeValue => num(Math.ceil(expiresAtMs / 1000))

/**
 * One item per key: `status`, `owner`, `expiresAt` (epoch ms, what the logic reads), the TTL attribute
 * (epoch s, for DynamoDB's own deletion, which may lag by days) and `fingerprint` / `result` (JSON).
 *
 * Acquire is one conditional PutItem with ReturnValuesOnConditionCheckFailure=ALL_OLD, so a replay
 * costs one request. Emulators that ignore that parameter (dynalite 4) return no item; then one
 * consistent GetItem follows, counted in `fallbackReads`.
 */
export class DynamoDBStore implements IdempotencyStore {
  readonly #client: DynamoDBClient
  readonly #table: string
  readonly #keyAttr: string
  readonly #ttlAttr: string
  /** GetItems made because a failed conditional put came back without the existing item. */
  fallbackReads = 0

  constructor(options: DynamoDBStoreOptions) {
    this.#client = options.client
    this.#table = options.tableName
    this.#keyAttr = options.keyAttribute ?? 'id'
    this.#ttlAttr = options.ttlAttribute ?? 'ttl'
  }

  async acquire(request: AcquireRequest): Promise<AcquireOutcome> {
    const item: Record<string, AttributeValue> = {
      [this.#keyAttr]: { S: request.key },
      status: IN_PROGRESS,
      owner: { S: request.owner },
      expiresAt: num(request.expiresAt),
      [this.#ttlAttr]: ttlSeconds(request.expiresAt),
    }
    if (request.fingerprint !== undefined) item.fingerprint = { S: request.fingerprint }
    // A record deleted between our failed put and the read is free again: try the put once more.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.#client.send(
          new PutItemCommand({
            TableName: this.#table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(#k) OR #e <= :now',
            ExpressionAttributeNames: { '#k': this.#keyAttr, '#e': 'expiresAt' },
            ExpressionAttributeValues: { ':now': num(request.now) },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        )
        return { acquired: true }
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException))
          throw this.#storeError('acquire', request.key, error)
        const existing = error.Item ?? (await this.#fallbackRead(request.key))
        if (existing !== undefined) return { acquired: false, record: this.#toRecord(existing) }
      }
    }
    throw new IdempotencyStoreError(
      `Could not acquire idempotency key "${request.key}" in table ${this.#table}: the record kept changing under us.`,
    )
  }

  async complete(request: CompleteRequest): Promise<boolean> {
    const resultJson = encodeResult(request.result)
    checkResultSize(request.key, resultJson)
    const values: Record<string, AttributeValue> = {
      ':done': COMPLETED,
      ':running': IN_PROGRESS,
      ':owner': { S: request.owner },
      ':exp': num(request.expiresAt),
      ':ttl': ttlSeconds(request.expiresAt),
    }
    let update = 'SET #s = :done, expiresAt = :exp, #t = :ttl'
    if (resultJson !== undefined) {
      values[':r'] = { S: resultJson }
      update += ', #r = :r'
    }
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { [this.#keyAttr]: { S: request.key } },
          UpdateExpression: update,
          ConditionExpression: '#o = :owner AND #s = :running',
          ExpressionAttributeNames: {
            '#s': 'status',
            '#o': 'owner',
            '#t': this.#ttlAttr,
            ...(resultJson !== undefined && { '#r': 'result' }),
          },
          ExpressionAttributeValues: values,
        }),
      )
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      if (error instanceof Error && /item size/i.test(error.message)) {
        const bytes = Buffer.byteLength(resultJson ?? '')
        throw new IdempotencyResultTooLargeError(request.key, bytes, MAX_RESULT_BYTES)
      }
      throw this.#storeError('complete', request.key, error)
    }
  }

  async release(key: string, owner: string): Promise<boolean> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: { [this.#keyAttr]: { S: key } },
          ConditionExpression: '#o = :owner AND #s = :running',
          ExpressionAttributeNames: { '#o': 'owner', '#s': 'status' },
          ExpressionAttributeValues: { ':owner': { S: owner }, ':running': IN_PROGRESS },
        }),
      )
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      throw this.#storeError('release', key, error)
    }
  }

  async get(key: string, now: number): Promise<IdempotencyRecord | undefined> {
    const item = await this.#read(key)
    if (item === undefined) return undefined
    const record = this.#toRecord(item)
    return record.expiresAt > now ? record : undefined
  }

  async #fallbackRead(key: string): Promise<Record<string, AttributeValue> | undefined> {
    this.fallbackReads++
    return this.#read(key)
  }

  async #read(key: string): Promise<Record<string, AttributeValue> | undefined> {
    try {
      const { Item } = await this.#client.send(
        new GetItemCommand({
          TableName: this.#table,
          Key: { [this.#keyAttr]: { S: key } },
          ConsistentRead: true,
        }),
      )
      return Item
    } catch (error) {
      throw this.#storeError('read', key, error)
    }
  }

  #toRecord(item: Record<string, AttributeValue>): IdempotencyRecord {
    const status = item.status?.S as RecordStatus
    return {
      status,
      expiresAt: Number(item.expiresAt?.N),
      fingerprint: item.fingerprint?.S,
      result: status === 'COMPLETED' ? decodeResult(item.result?.S) : undefined,
    }
  }

  #storeError(action: string, key: string, cause: unknown): IdempotencyStoreError {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
    return new IdempotencyStoreError(
      `DynamoDB ${action} failed for idempotency key "${key}" in table ${this.#table} (${reason}). ` +
        'Check the table name, its key attribute, IAM (PutItem, UpdateItem, DeleteItem, GetItem) and the endpoint.',
      { cause },
    )
  }
}
