import { codePipelineJob } from '@repo/shared'
import { createContext, invoke, useLocalAws } from '@repo/shared/harness'
import type { CodePipelineEvent, Context } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeContinuationToken } from '../src/continuation-token.ts'
import { useJobHarness } from './support/job-harness.ts'
import { entry, rawZip, zerosBomb } from './support/raw-zip.ts'
import {
  ARTIFACT_BUCKET,
  checkedRelease,
  jobFor,
  releaseZip,
  sha256,
} from './support/release-fixtures.ts'

const aws = useLocalAws({ beforeAll, afterAll }, { buckets: [ARTIFACT_BUCKET] })

const { handlerWith, onlyResult, failureOf } = useJobHarness(aws)

const MEBIBYTE = 1024 * 1024
const manifest = { name: 'orders-api', version: '1.4.0' }

/** A release whose manifest asks for the checksum of `path`, so the check inflates it. */
const releaseChecking = (path: string, ...entries: ReturnType<typeof entry>[]) =>
  rawZip([
    entry('release.json', JSON.stringify({ ...manifest, checksums: { [path]: sha256('') } })),
    ...entries,
  ])

describe('zip limits', () => {
  it('fails an entry that declares 64 bytes and inflates to 4 GiB as corrupt, cut off at its declared size', async () => {
    const bomb = { name: 'dist/bomb.bin', data: zerosBomb(4096), deflated: true, declaredSize: 64 }
    const event = await jobFor(aws().clients.s3, releaseChecking('dist/bomb.bin', bomb))
    // Reported within the harness timeout: cut off at 64 bytes, the 4 GiB are never inflated.
    const run = await invoke(handlerWith(), event, { timeoutSeconds: 10 })

    expect(run.status).toBe('success')
    expect(failureOf()).toMatchObject({
      type: 'JobFailed',
      message: expect.stringContaining('dist/bomb.bin is corrupt: it declares 64 bytes'),
    })
  })

  it('fails an entry that inflates to fewer bytes than it declares as corrupt', async () => {
    const short = { ...entry('dist/short.js', 'export {}'), declaredSize: 1000 }
    const event = await jobFor(aws().clients.s3, releaseChecking('dist/short.js', short))
    await invoke(handlerWith(), event)
    expect(failureOf().message).toContain('dist/short.js is corrupt: it declares 1000 bytes')
  })

  it('refuses an entry declared above MAX_ENTRY_BYTES before inflating it', async () => {
    const big = entry('dist/big.bin', Buffer.alloc(2 * MEBIBYTE))
    const event = await jobFor(aws().clients.s3, releaseChecking('dist/big.bin', big))
    await invoke(handlerWith({ maxEntryBytes: MEBIBYTE }), event)
    expect(failureOf()).toMatchObject({
      type: 'JobFailed',
      message: `dist/big.bin inflates to ${2 * MEBIBYTE} bytes, above the ${MEBIBYTE}-byte limit per file (MAX_ENTRY_BYTES).`,
    })
  })

  it('stops when the files read in one invocation would inflate past MAX_INFLATED_BYTES', async () => {
    const files = Object.fromEntries(
      ['a', 'b', 'c'].map((name) => [`dist/${name}.bin`, Buffer.alloc(MEBIBYTE, name)]),
    )
    const checksums = Object.fromEntries(
      Object.entries(files).map(([path, bytes]) => [path, sha256(bytes)]),
    )
    const zip = rawZip([
      entry('release.json', JSON.stringify({ ...manifest, checksums })),
      ...Object.entries(files).map(([path, bytes]) => entry(path, bytes)),
    ])
    const event = await jobFor(aws().clients.s3, zip)
    await invoke(handlerWith({ maxInflatedBytes: 2.5 * MEBIBYTE }), event)
    expect(failureOf().message).toMatch(
      /^Reading dist\/c\.bin \(1048576 bytes\) would inflate \d+ bytes in this invocation, above the 2621440-byte limit \(MAX_INFLATED_BYTES\)\.$/,
    )
    // Within the limit the same release passes.
    aws().codePipeline.reset()
    await invoke(handlerWith({ maxInflatedBytes: 4 * MEBIBYTE }), event)
    expect(onlyResult().operation).toBe('PutJobSuccessResult')
  })
})

/** A context whose clock runs `msPerCall` faster on every look, as if work took that long. */
const countdownContext = (startMs: number, msPerCall: number): Context => {
  let remaining = startMs
  return {
    ...createContext({ timeoutSeconds: 900 }),
    getRemainingTimeInMillis: () => (remaining = Math.max(0, remaining - msPerCall)),
  }
}

describe('the deadline', () => {
  it('fails the job at once when invoked with less than REPORT_MARGIN_MS left', async () => {
    const event = await jobFor(aws().clients.s3, releaseZip(manifest))
    const run = await invoke(handlerWith({ reportMarginMs: 10_000 }), event, { timeoutSeconds: 3 })

    expect(run.status).toBe('success')
    expect(failureOf()).toMatchObject({
      type: 'JobFailed',
      message: expect.stringMatching(
        /^The release check ran out of time before making progress \(Only \d+ ms of the invocation were left, less than REPORT_MARGIN_MS \(10000 ms\)/,
      ),
    })
  })

  it('hands over with a continuation token when time runs out after some progress', async () => {
    const { files, checksums } = checkedRelease(400)
    const event = await jobFor(aws().clients.s3, releaseZip({ ...manifest, checksums }, files))
    await handlerWith({ reportMarginMs: 10_000 })(event, countdownContext(30_000, 20))

    const token = onlyResult().input.continuationToken as string
    const { next } = decodeContinuationToken(token)
    expect(next).toBeGreaterThan(0)
    expect(next).toBeLessThan(400)
  })

  it('fails the job when time runs out inside the first file, instead of running into the timeout', async () => {
    const path = 'dist/large.bin'
    const zip = rawZip([
      entry('release.json', JSON.stringify({ ...manifest, checksums: { [path]: sha256('') } })),
      entry(path, Buffer.alloc(8 * MEBIBYTE)),
    ])
    const event = await jobFor(aws().clients.s3, zip)
    // Enough time for the download and the manifest, not for 8 MiB of chunks.
    await handlerWith({ reportMarginMs: 10_000 })(event, countdownContext(10_400, 20))

    expect(failureOf()).toMatchObject({
      type: 'JobFailed',
      message: expect.stringContaining('The release check ran out of time before making progress'),
    })
  })
})

describe('a malformed job event', () => {
  const malformed = (change: (job: Record<string, unknown>) => void): CodePipelineEvent => {
    const event = codePipelineJob({ jobId: crypto.randomUUID() })
    change(event['CodePipeline.job'] as unknown as Record<string, unknown>)
    return event
  }

  it.each([
    ['no data', (job: Record<string, unknown>) => delete job.data, 'CodePipeline.job.data'],
    [
      'no artifactCredentials',
      (job: Record<string, unknown>) =>
        delete (job.data as Record<string, unknown>).artifactCredentials,
      'CodePipeline.job.data.artifactCredentials',
    ],
    [
      'inputArtifacts: null',
      (job: Record<string, unknown>) => {
        ;(job.data as Record<string, unknown>).inputArtifacts = null
      },
      'CodePipeline.job.data.inputArtifacts',
    ],
  ])(
    'with an id but %s: the job is reported failed, naming the field, then the invocation fails',
    async (_, change, field) => {
      const event = malformed(change)
      const run = await invoke(handlerWith(), event)

      expect(run.status === 'error' && run.error.errorType).toBe('EventShapeError')
      const result = onlyResult()
      expect(result.jobId).toBe(event['CodePipeline.job'].id)
      expect(failureOf()).toMatchObject({
        type: 'JobFailed',
        message: expect.stringContaining(`${field} must be`),
      })
    },
  )

  it('without an id: nothing to report, an EventShapeError', async () => {
    for (const event of [{}, { 'CodePipeline.job': { data: {} } }, null]) {
      const run = await invoke(handlerWith(), event as unknown as CodePipelineEvent)
      expect(run.status === 'error' && run.error.errorType).toBe('EventShapeError')
    }
    expect(aws().codePipeline.results).toEqual([])
  })
})
