import { AttributeType, BillingMode, type CfnTable, Table } from 'aws-cdk-lib/aws-dynamodb'
import type { Construct } from 'constructs'

/** What `DynamoDBStore` from @repo/idempotency expects: partition key `id`, TTL on `ttl`. */
export const idempotencyKey = { partitionKey: 'id', timeToLiveAttribute: 'ttl' } as const

/**
 * A table declared by `ref`: on demand, encrypted at rest (DynamoDB always is), point-in-time
 * recovery on, shaped for the idempotency store. Other tables use the same shape (@repo/jobs keys
 * its job records on `id` and expires finished ones through `ttl`). A fixed `tableName` lets other
 * stacks use a shared table by name.
 */
export const createIdempotencyTable = (
  scope: Construct,
  ref: string,
  tableName?: string,
): Table => {
  const table = new Table(scope, ref, {
    ...(tableName !== undefined ? { tableName } : {}),
    partitionKey: { name: idempotencyKey.partitionKey, type: AttributeType.STRING },
    timeToLiveAttribute: idempotencyKey.timeToLiveAttribute,
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  })
  ;(table.node.defaultChild as CfnTable).overrideLogicalId(ref)
  return table
}
