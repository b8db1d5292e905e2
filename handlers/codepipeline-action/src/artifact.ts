import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import type { Artifact, Credentials } from 'aws-lambda'
import { JobRejectedError } from './errors.ts'

/** Builds the S3 client that reads artifacts. Injected so tests can watch what it is given. */
export type ArtifactS3Factory = (credentials: Credentials) => S3Client

/**
 * The artifact bucket belongs to the pipeline: read it with the job's temporary credentials,
 * not the function's role. Endpoint and region still come from the environment
 * (AWS_ENDPOINT_URL_S3, AWS_REGION), so the same code reads a local emulator.
 */
export const artifactS3Client: ArtifactS3Factory = (credentials) =>
  new S3Client({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    },
  })

export const selectInputArtifact = (artifacts: Artifact[], name: string | undefined): Artifact => {
  const artifact = name === undefined ? artifacts[0] : artifacts.find((a) => a.name === name)
  if (artifact === undefined) {
    throw new JobRejectedError(
      'ConfigurationError',
      name === undefined
        ? 'The action has no input artifact: give it the build output to check.'
        : `No input artifact named "${name}"; the action has: ${artifacts.map((a) => a.name).join(', ') || 'none'}.`,
    )
  }
  if (artifact.location.type !== 'S3') {
    throw new JobRejectedError(
      'ConfigurationError',
      `Input artifact "${artifact.name}" is not in S3 (${artifact.location.type}).`,
    )
  }
  return artifact
}

/** Reads the whole zip (fflate needs random access to the central directory). */
export const downloadArtifact = async (
  s3: S3Client,
  artifact: Artifact,
  maxBytes: number,
  abortSignal?: AbortSignal,
): Promise<Uint8Array> => {
  const { bucketName, objectKey } = artifact.location.s3Location
  const where = `s3://${bucketName}/${objectKey}`
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: objectKey }), {
      abortSignal,
    })
    if ((object.ContentLength ?? 0) > maxBytes) {
      await object.Body?.transformToWebStream().cancel()
      throw new JobRejectedError(
        'JobFailed',
        `Input artifact ${where} is ${object.ContentLength} bytes, above the ${maxBytes}-byte limit (MAX_ARTIFACT_BYTES).`,
      )
    }
    return (await object.Body?.transformToByteArray()) ?? new Uint8Array()
  } catch (error) {
    if (!(error instanceof S3ServiceException)) throw error
    const status = error.$metadata.httpStatusCode
    if (status === 403) {
      throw new JobRejectedError(
        'PermissionError',
        `The job's artifact credentials cannot read ${where} (${error.name}).`,
      )
    }
    if (status === 404) {
      throw new JobRejectedError(
        'RevisionUnavailable',
        `Input artifact ${where} does not exist (${error.name}).`,
      )
    }
    throw error
  }
}
