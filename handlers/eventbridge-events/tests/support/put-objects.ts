import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'

/** Writes many small objects, a few dozen requests at a time (fauxqs answers on loopback). */
export const putObjects = async (
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
  body = '{"rows":1}',
): Promise<void> => {
  const concurrency = 50
  for (let start = 0; start < keys.length; start += concurrency) {
    await Promise.all(
      keys
        .slice(start, start + concurrency)
        .map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: body }))),
    )
  }
}
