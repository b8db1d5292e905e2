import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { type S3Sequencer, s3Event, s3Record } from '@repo/shared'
import { s3EventMatches, triggersOfType } from '@repo/triggers'
import type { S3Event } from 'aws-lambda'
import { REGION } from '../../emulators/emulators.ts'
import { localResourceName } from '../../emulators/resources.ts'
import type { LocalHandler } from '../../function/discover.ts'
import type { CompletedS3Write } from './proxy.ts'

export interface S3Delivery {
  handler: string
  event: S3Event
}

/**
 * The notifications S3 would send for one write: one event per matching configuration, in
 * AWS's record format (form-encoded key, size and eTag for creations, a sequencer that grows
 * per key, versionId only from a versioned bucket). Size and eTag come from a HEAD of the new
 * object, since a copy or a multipart completion does not say them in its response.
 */
export const s3Deliveries = async (
  write: CompletedS3Write,
  handlers: readonly LocalHandler[],
  s3: S3Client,
  sequencer: S3Sequencer,
): Promise<S3Delivery[]> => {
  const targets = handlers.flatMap((handler) =>
    triggersOfType(handler.declaration, 's3')
      .map((trigger, index) => ({ handler, trigger, index }))
      .filter(
        ({ handler, trigger }) =>
          localResourceName(handler.name, 'bucket', trigger.bucket) === write.bucket &&
          s3EventMatches(trigger, { eventName: write.eventName, key: write.key }),
      ),
  )
  if (targets.length === 0) return []
  let content: { size?: number; eTag?: string } = {}
  if (write.eventName.startsWith('ObjectCreated:')) {
    const head = await s3.send(new HeadObjectCommand({ Bucket: write.bucket, Key: write.key }))
    content = { size: head.ContentLength ?? 0, eTag: (head.ETag ?? '').replaceAll('"', '') }
  }
  // One sequencer per write, shared by every configuration it notifies, as in S3.
  const sequence = sequencer.next(`${write.bucket}/${write.key}`, write.eventTime)
  return targets.map(({ handler, index }) => ({
    handler: handler.name,
    event: s3Event([
      s3Record({
        eventName: write.eventName,
        bucket: write.bucket,
        key: write.key,
        ...content,
        versionId: write.versionId ?? null,
        eventTime: write.eventTime,
        region: REGION,
        configurationId: `${handler.name}-s3-${index + 1}`,
        principalId: 'AWS:AIDALOCALUSER',
        sourceIPAddress: write.sourceIp,
        sequencer: sequence,
      }),
    ]),
  }))
}
