import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import type { JobMessage } from './job-message.ts'
import {
  allowedPredecessors,
  type JobRecord,
  type JobResultLocation,
  type JobStatus,
  jobStatuses,
} from './job-status.ts'

export interface JobTableOptions {
  client: DynamoDBClient
  tableName: string
  /** Epoch ms. */
  now?: () => number
  /** How long a finished job stays readable (DynamoDB TTL on `ttl`); default 7 days. */
  retentionSeconds?: number
}

/** A stored item that is not a job record (written by something else, or corrupted). */
export class JobRecordError extends Error {
  override readonly name = 'JobRecordError'
}

export type StartOutcome =
  | { started: true; record: JobRecord }
  /** Finished already (leave it alone) or running under another worker's live lease (retry later). */
  | { started: false; record: JobRecord | undefined }

const DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600
const MAX_REASON_LENGTH = 1024

const s = (value: string): AttributeValue => ({ S: value })
const n = (value: number): AttributeValue => ({ N: String(value) })

/** `#status IN (:from0, :from1)` for the statuses a transition to `to` may start from. */
const fromCondition = (to: JobStatus) => {
  const from = allowedPredecessors[to]
  const names = from.map((_, index) => `:from${index}`)
  return {
    expression: `#status IN (${names.join(', ')})`,
    values: Object.fromEntries(from.map((status, index) => [`:from${index}`, s(status)])),
  }
}

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof Error && error.name === 'ConditionalCheckFailedException')

const text = (item: Record<string, AttributeValue>, field: string): string | undefined => {
  const value = item[field]
  return value !== undefined && 'S' in value && typeof value.S === 'string' ? value.S : undefined
}

const required = (item: Record<string, AttributeValue>, field: string): string => {
  const value = text(item, field)
  if (value === undefined) throw new JobRecordError(`The job record has no string "${field}".`)
  return value
}

const isJobStatus = (value: string): value is JobStatus =>
  (jobStatuses as readonly string[]).includes(value)

/** Reads an item back into a JobRecord, refusing anything that is not one. */
export const recordFromItem = (item: Record<string, AttributeValue>): JobRecord => {
  const status = required(item, 'status')
  if (!isJobStatus(status)) throw new JobRecordError(`Unknown job status "${status}".`)
  const attempts = Number(item.attempts?.N ?? '0')
  const result = item.result?.M
  const reason = text(item, 'failureReason')
  const startedAt = text(item, 'startedAt')
  const finishedAt = text(item, 'finishedAt')
  return {
    jobId: required(item, 'id'),
    type: required(item, 'type'),
    status,
    acceptedAt: required(item, 'acceptedAt'),
    updatedAt: required(item, 'updatedAt'),
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(finishedAt !== undefined ? { finishedAt } : {}),
    attempts: Number.isSafeInteger(attempts) && attempts >= 0 ? attempts : 0,
    ...(result !== undefined
      ? { result: { bucket: required(result, 'bucket'), key: required(result, 'key') } }
      : {}),
    ...(reason !== undefined ? { failure: { reason } } : {}),
  }
}

/**
 * The jobs table: one item per job (`id` = jobId), moved forward only by conditional writes
 * built from `allowedPredecessors`. alb-http calls `accept` and `get`; jobs-worker calls
 * `start`, `succeed` and `fail`.
 */
export class JobTable {
  readonly #client: DynamoDBClient
  readonly #tableName: string
  readonly #now: () => number
  readonly #retentionSeconds: number

  constructor(options: JobTableOptions) {
    this.#client = options.client
    this.#tableName = options.tableName
    this.#now = options.now ?? Date.now
    this.#retentionSeconds = options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS
  }

  /** `queued`, written once when the job is accepted. False if the job exists already. */
  async accept(job: Pick<JobMessage, 'jobId' | 'type' | 'acceptedAt'>): Promise<boolean> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: {
            id: s(job.jobId),
            type: s(job.type),
            status: s('queued'),
            acceptedAt: s(job.acceptedAt),
            updatedAt: s(this.#iso()),
            attempts: n(0),
          },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      )
      return true
    } catch (error) {
      if (isConditionFailure(error)) return false
      throw error
    }
  }

  /**
   * `running`, one more attempt, leased to this worker until `leaseUntil` (epoch ms: its
   * invocation deadline). Creates the record when the queued write never happened (a message
   * sent by something other than alb-http). Refused, with the current record, when the job has
   * finished (a late duplicate: nothing to do) or another worker holds a live lease (a
   * concurrent duplicate: try again later). An expired lease is a worker that died mid-job.
   */
  async start(
    job: Pick<JobMessage, 'jobId' | 'type' | 'acceptedAt'>,
    leaseUntil: number,
  ): Promise<StartOutcome> {
    const now = this.#now()
    try {
      const output = await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: { id: s(job.jobId) },
          UpdateExpression:
            'SET #status = :running, #type = if_not_exists(#type, :type), acceptedAt = if_not_exists(acceptedAt, :acceptedAt), startedAt = if_not_exists(startedAt, :now), updatedAt = :now, leaseUntil = :leaseUntil ADD attempts :one',
          // allowedPredecessors.running is queued and running; a running job only once its lease ran out.
          ConditionExpression:
            'attribute_not_exists(id) OR #status = :queued OR (#status = :running AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :nowMs))',
          ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
          ExpressionAttributeValues: {
            ':running': s('running'),
            ':queued': s('queued'),
            ':type': s(job.type),
            ':acceptedAt': s(job.acceptedAt),
            ':now': s(new Date(now).toISOString()),
            ':nowMs': n(now),
            ':leaseUntil': n(leaseUntil),
            ':one': n(1),
          },
          ReturnValues: 'ALL_NEW',
        }),
      )
      return { started: true, record: recordFromItem(output.Attributes ?? {}) }
    } catch (error) {
      if (isConditionFailure(error)) return { started: false, record: await this.get(job.jobId) }
      throw error
    }
  }

  /**
   * Gives up this worker's lease after a failed attempt, so the message's next delivery can
   * start the job at once. Only the lease `start` granted (`leaseUntil`) is removed.
   */
  async release(jobId: string, leaseUntil: number): Promise<void> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: { id: s(jobId) },
          UpdateExpression: 'REMOVE leaseUntil',
          ConditionExpression: '#status = :running AND leaseUntil = :lease',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': s('running'), ':lease': n(leaseUntil) },
        }),
      )
    } catch (error) {
      if (!isConditionFailure(error)) throw error
    }
  }

  /** `succeeded` with where the result is. False when the job was not running (it finished elsewhere). */
  async succeed(jobId: string, result: JobResultLocation): Promise<boolean> {
    return this.#finish(
      jobId,
      'succeeded',
      '#result = :result',
      { '#result': 'result' },
      { ':result': { M: { bucket: s(result.bucket), key: s(result.key) } } },
    )
  }

  /** `failed` with a reason a client can read. False when the job had finished already. */
  async fail(jobId: string, reason: string): Promise<boolean> {
    return this.#finish(
      jobId,
      'failed',
      'failureReason = :reason',
      {},
      { ':reason': s(reason.slice(0, MAX_REASON_LENGTH)) },
    )
  }

  /** The job, read consistently; undefined when there is none. */
  async get(jobId: string): Promise<JobRecord | undefined> {
    const output = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: { id: s(jobId) },
        ConsistentRead: true,
      }),
    )
    return output.Item === undefined ? undefined : recordFromItem(output.Item)
  }

  async #finish(
    jobId: string,
    to: 'succeeded' | 'failed',
    set: string,
    names: Record<string, string>,
    values: Record<string, AttributeValue>,
  ): Promise<boolean> {
    const now = this.#now()
    const from = fromCondition(to)
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: { id: s(jobId) },
          UpdateExpression: `SET #status = :to, finishedAt = :now, updatedAt = :now, #ttl = :ttl, ${set} REMOVE leaseUntil`,
          ConditionExpression: `attribute_exists(id) AND ${from.expression}`,
          ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl', ...names },
          ExpressionAttributeValues: {
            ':to': s(to),
            ':now': s(new Date(now).toISOString()),
            ':ttl': n(Math.floor(now / 1000) + this.#retentionSeconds),
            ...from.values,
            ...values,
          },
        }),
      )
      return true
    } catch (error) {
      if (isConditionFailure(error)) return false
      throw error
    }
  }

  #iso(): string {
    return new Date(this.#now()).toISOString()
  }
}
