import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3'

/** Deleting a missing key succeeds in S3, so a redelivered delete is harmless. */
export const removeSummary = async (
  s3: S3Client,
  bucket: string,
  summaryKey: string,
): Promise<{ action: 'summary-removed'; summaryKey: string }> => {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: summaryKey }))
  return { action: 'summary-removed', summaryKey }
}
