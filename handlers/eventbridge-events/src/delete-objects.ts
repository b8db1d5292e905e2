import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3'

/** DeleteObjects takes at most 1000 keys per request (S3 limit). */
export const DELETE_BATCH_LIMIT = 1000

export interface DeleteFailure {
  key: string
  code: string
  message: string
}

/**
 * Deletes up to 1000 keys in one request. DeleteObjects answers 200 even when single keys fail,
 * listing them in `Errors`; those are returned, never ignored. `Quiet` keeps the response to the
 * failures only.
 */
export const deleteObjectBatch = async (
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
): Promise<DeleteFailure[]> => {
  if (keys.length === 0) return []
  if (keys.length > DELETE_BATCH_LIMIT) {
    throw new RangeError(
      `DeleteObjects takes at most ${DELETE_BATCH_LIMIT} keys; got ${keys.length}`,
    )
  }
  const output = await s3.send(
    new DeleteObjectsCommand({
      Bucket: bucket,
      Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
    }),
  )
  return (output.Errors ?? []).map((error) => ({
    key: error.Key ?? '(unknown key)',
    code: error.Code ?? 'UnknownError',
    message: error.Message ?? '',
  }))
}
