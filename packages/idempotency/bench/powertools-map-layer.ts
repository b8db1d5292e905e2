import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency'
import {
  BasePersistenceLayer,
  type IdempotencyRecord,
} from '@aws-lambda-powertools/idempotency/persistence'

/**
 * The baseline's persistence at its simplest: a Map with the same conditional-put rule as its
 * DynamoDB layer (free when absent, expired, or an in-progress lock past its deadline).
 */
export class MapPersistenceLayer extends BasePersistenceLayer {
  readonly #records = new Map<string, IdempotencyRecord>()

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.#records.get(idempotencyKey)
    if (record === undefined) throw new IdempotencyItemNotFoundError()
    return record
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.#records.get(record.idempotencyKey)
    if (existing !== undefined && !existing.isExpired()) {
      const lockLive =
        existing.getStatus() !== 'INPROGRESS' ||
        existing.inProgressExpiryTimestamp === undefined ||
        existing.inProgressExpiryTimestamp > Date.now()
      if (lockLive) throw new IdempotencyItemAlreadyExistsError('exists', existing)
    }
    // Bounded like MemoryStore's default, at O(1): without it the Map grows by millions in a run.
    if (this.#records.size >= 10_000) this.#records.clear()
    this.#records.set(record.idempotencyKey, record)
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.#records.set(record.idempotencyKey, record)
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.#records.delete(record.idempotencyKey)
  }
}
