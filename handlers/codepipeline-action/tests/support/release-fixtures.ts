import { createHash } from 'node:crypto'
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { codePipelineJob, pipelineArtifact } from '@repo/shared'
import type { CodePipelineEvent } from 'aws-lambda'
import { type Zippable, zipSync } from 'fflate'
import type { Config } from '../../src/config.ts'

export const ARTIFACT_BUCKET = 'codepipeline-artifacts'

export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  defaultRequiredFiles: [],
  maxArtifactBytes: 10 * 1024 * 1024,
  maxEntryBytes: 10 * 1024 * 1024,
  maxInflatedBytes: 20 * 1024 * 1024,
  maxChecksPerInvocation: 10_000,
  reportMarginMs: 500,
  ...overrides,
})

export const sha256 = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex')

const text = (value: string) => new TextEncoder().encode(value)

/** A release zip: the manifest (object → JSON, string → as is, null → none) and files. */
export const releaseZip = (
  manifest: Record<string, unknown> | string | null,
  files: Record<string, string> = {},
): Uint8Array => {
  const entries: Zippable = {}
  for (const [path, content] of Object.entries(files)) entries[path] = text(content)
  if (manifest !== null) {
    entries['release.json'] = text(
      typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
    )
  }
  return zipSync(entries)
}

/** Files with the manifest checksums that match them. */
export const checkedRelease = (count: number) => {
  const files = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`dist/chunk-${i}.js`, `export const n = ${i}\n`]),
  )
  const checksums = Object.fromEntries(
    Object.entries(files).map(([path, content]) => [path, sha256(content)]),
  )
  return { files, checksums }
}

let uploads = 0

/** Uploads the zip to the local artifact bucket and returns a job pointing at it. */
export const jobFor = async (
  s3: S3Client,
  zip: Uint8Array,
  options: { userParameters?: string; continuationToken?: string; jobId?: string } = {},
): Promise<CodePipelineEvent> => {
  const key = `my-pipeline/BuildArtif/${++uploads}-${sha256(zip).slice(0, 7)}`
  await s3.send(new PutObjectCommand({ Bucket: ARTIFACT_BUCKET, Key: key, Body: zip }))
  return codePipelineJob({
    jobId: options.jobId ?? crypto.randomUUID(),
    inputArtifacts: [pipelineArtifact({ name: 'BuildArtifact', bucket: ARTIFACT_BUCKET, key })],
    userParameters: options.userParameters,
    continuationToken: options.continuationToken,
  })
}

export const credentialsOf = (event: CodePipelineEvent): string[] => {
  const {
    accessKeyId,
    secretAccessKey,
    sessionToken = '',
  } = event['CodePipeline.job'].data.artifactCredentials
  return [accessKeyId, secretAccessKey, sessionToken]
}
