import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3'
import type { Config } from './config.ts'
import { DELETE_BATCH_LIMIT, type DeleteFailure, deleteObjectBatch } from './delete-objects.ts'
import { HousekeepingIncompleteError } from './errors.ts'
import type { ScheduleTick } from './events.ts'

const DAY_MS = 86_400_000

export interface HousekeepingResult {
  bucket: string
  prefix: string
  /** Objects last modified before this instant were deleted. */
  cutoff: string
  scanned: number
  deleted: number
  kept: number
  bytesFreed: number
}

/**
 * The cutoff comes from the tick's scheduled time, not the wall clock, so a retry an hour
 * later deletes exactly what the first attempt meant to.
 */
export const cutoffFor = (tick: ScheduleTick, retentionDays: number): Date =>
  new Date(Date.parse(tick.time) - retentionDays * DAY_MS)

/**
 * Lists every object under the prefix (1000 per page) and deletes those older than the cutoff,
 * in DeleteObjects requests of up to 1000 keys as pages fill them. Keys S3 refused are collected
 * and thrown together once the whole prefix has been seen.
 */
export const runHousekeeping = async (
  s3: S3Client,
  config: Pick<Config, 'uploadsBucket' | 'processedPrefix' | 'retentionDays'>,
  tick: ScheduleTick,
): Promise<HousekeepingResult> => {
  const bucket = config.uploadsBucket
  const cutoff = cutoffFor(tick, config.retentionDays)
  const failures: DeleteFailure[] = []
  let pending: { key: string; size: number }[] = []
  let scanned = 0
  let deleted = 0
  let bytesFreed = 0

  const flush = async () => {
    const batch = pending
    pending = []
    const failed = await deleteObjectBatch(
      s3,
      bucket,
      batch.map((object) => object.key),
    )
    const failedKeys = new Set(failed.map((failure) => failure.key))
    for (const object of batch) {
      if (failedKeys.has(object.key)) continue
      deleted++
      bytesFreed += object.size
    }
    failures.push(...failed)
  }

  const pages = paginateListObjectsV2(
    { client: s3 },
    { Bucket: bucket, Prefix: config.processedPrefix },
  )
  for await (const page of pages) {
    for (const object of page.Contents ?? []) {
      scanned++
      if (object.Key === undefined || object.LastModified === undefined) continue
      if (object.LastModified.getTime() >= cutoff.getTime()) continue
      pending.push({ key: object.Key, size: object.Size ?? 0 })
      if (pending.length === DELETE_BATCH_LIMIT) await flush()
    }
  }
  if (pending.length > 0) await flush()

  if (failures.length > 0) throw new HousekeepingIncompleteError(bucket, failures)
  return {
    bucket,
    prefix: config.processedPrefix,
    cutoff: cutoff.toISOString(),
    scanned,
    deleted,
    kept: scanned - deleted,
    bytesFreed,
  }
}
