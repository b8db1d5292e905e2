import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { IdempotencyConfigError } from '../errors.ts'
import { DynamoDBStore } from './dynamodb.ts'
import { MemoryStore } from './memory.ts'
import type { IdempotencyStore } from './store.ts'

/** The environment variable every handler in this repo reads for its idempotency table. */
const IDEMPOTENCY_TABLE_ENV = 'IDEMPOTENCY_TABLE_NAME'

export interface StoreFromEnvironmentOptions {
  /**
   * Refuse to fall back to a MemoryStore. A MemoryStore only sees duplicates delivered to the
   * same warm container, so deployed functions should require the table. Default true.
   */
  requireTable?: boolean
  client?: DynamoDBClient
}

/**
 * The store a deployed handler uses: DynamoDB when `IDEMPOTENCY_TABLE_NAME` is set (the SDK
 * reads region, credentials and `AWS_ENDPOINT_URL_DYNAMODB` from the environment, so local
 * emulators work unchanged). Call it at module scope: the store must outlive one invocation.
 */
export const storeFromEnvironment = (
  env: NodeJS.ProcessEnv = process.env,
  options: StoreFromEnvironmentOptions = {},
): IdempotencyStore => {
  const tableName = env[IDEMPOTENCY_TABLE_ENV]?.trim()
  if (tableName) {
    return new DynamoDBStore({ client: options.client ?? new DynamoDBClient({}), tableName })
  }
  if (options.requireTable ?? true) {
    throw new IdempotencyConfigError(
      `${IDEMPOTENCY_TABLE_ENV} is not set. Point it at a DynamoDB table with a string partition key "id" ` +
        'and TTL on "ttl", or pass { requireTable: false } to accept a per-container MemoryStore.',
      [IDEMPOTENCY_TABLE_ENV],
    )
  }
  return new MemoryStore()
}
