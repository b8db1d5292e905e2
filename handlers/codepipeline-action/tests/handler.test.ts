import { codePipelineJob } from '@repo/shared'
import { invoke, useLocalAws } from '@repo/shared/harness'
import type { CodePipelineEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { artifactS3Client } from '../src/artifact.ts'
import type { Config } from '../src/config.ts'
import { decodeContinuationToken } from '../src/continuation-token.ts'
import { useJobHarness } from './support/job-harness.ts'
import {
  ARTIFACT_BUCKET,
  checkedRelease,
  jobFor,
  releaseZip,
  sha256,
} from './support/release-fixtures.ts'

const aws = useLocalAws({ beforeAll, afterAll }, { buckets: [ARTIFACT_BUCKET] })

const { handlerWith, onlyResult, failureOf } = useJobHarness(aws)

const manifest = { name: 'orders-api', version: '1.4.0' }

describe('a release that passes', () => {
  it('reports success with the version and the artifact SHA-256 as output variables', async () => {
    const zip = releaseZip(manifest, { 'dist/index.js': 'export {}' })
    const event = await jobFor(aws().clients.s3, zip, {
      userParameters: JSON.stringify({ requiredFiles: ['dist/index.js'] }),
    })
    const run = await invoke(handlerWith(), event)

    expect(run.status).toBe('success')
    expect(run.status === 'success' && run.result).toEqual({
      jobId: event['CodePipeline.job'].id,
      outcome: 'succeeded',
      delivery: 'reported',
    })
    const result = onlyResult()
    expect(result.operation).toBe('PutJobSuccessResult')
    expect(result.jobId).toBe(event['CodePipeline.job'].id)
    expect(result.input.outputVariables).toEqual({
      releaseName: 'orders-api',
      version: '1.4.0',
      artifactSha256: sha256(zip),
    })
    expect(result.input.continuationToken).toBeUndefined()
  })

  it('reads the artifact with the job credentials, not the function role, at the environment endpoint', async () => {
    const event = await jobFor(aws().clients.s3, releaseZip(manifest))
    const given: unknown[] = []
    const run = await invoke(
      handlerWith({}, (credentials) => {
        given.push(credentials)
        return artifactS3Client(credentials)
      }),
      event,
    )
    expect(run.status).toBe('success')
    expect(onlyResult().operation).toBe('PutJobSuccessResult')
    expect(given).toEqual([event['CodePipeline.job'].data.artifactCredentials])

    const client = artifactS3Client(event['CodePipeline.job'].data.artifactCredentials)
    const resolved = await client.config.credentials()
    expect(resolved.accessKeyId).toBe(
      event['CodePipeline.job'].data.artifactCredentials.accessKeyId,
    )
    expect(resolved.accessKeyId).not.toBe(process.env.AWS_ACCESS_KEY_ID)
    expect(await client.config.region()).toBe(aws().region)
    client.destroy()
  })

  it('uses DEFAULT_REQUIRED_FILES when UserParameters are absent', async () => {
    const event = await jobFor(aws().clients.s3, releaseZip(manifest, { 'README.md': '#' }))
    const run = await invoke(handlerWith({ defaultRequiredFiles: ['README.md'] }), event)
    expect(run.status).toBe('success')
    expect(onlyResult().operation).toBe('PutJobSuccessResult')
  })
})

describe('a release that fails validation is reported as JobFailed, naming the problem', () => {
  const cases: {
    name: string
    zip: () => Uint8Array
    userParameters?: string
    config?: Partial<Config>
    message: RegExp
  }[] = [
    { name: 'no manifest', zip: () => releaseZip(null), message: /release\.json is missing/ },
    {
      name: 'manifest not JSON',
      zip: () => releaseZip('{"name": '),
      message: /release\.json is not valid JSON/,
    },
    {
      name: 'no name',
      zip: () => releaseZip({ version: '1.0.0' }),
      message: /release\.json: name is required/,
    },
    {
      name: 'version not semver',
      zip: () => releaseZip({ name: 'a', version: '1.4' }),
      message: /version "1\.4" is not a semantic version/,
    },
    {
      name: 'version with a v prefix',
      zip: () => releaseZip({ name: 'a', version: 'v1.4.0' }),
      message: /version "v1\.4\.0" is not a semantic version/,
    },
    {
      name: 'required files (UserParameters) missing',
      zip: () => releaseZip(manifest, { 'dist/index.js': '' }),
      userParameters: JSON.stringify({ requiredFiles: ['dist/index.js', 'LICENSE', 'dist/a.map'] }),
      message: /required files missing: LICENSE, dist\/a\.map/,
    },
    {
      name: 'required file (configuration) missing',
      zip: () => releaseZip(manifest),
      config: { defaultRequiredFiles: ['CHANGELOG.md'] },
      message: /required file missing: CHANGELOG\.md/,
    },
    {
      name: 'checksum mismatch',
      zip: () =>
        releaseZip(
          { ...manifest, checksums: { 'dist/index.js': sha256('something else') } },
          { 'dist/index.js': 'export {}' },
        ),
      message: /checksum mismatch for dist\/index\.js/,
    },
    {
      name: 'a checksum for a file named __proto__ (JSON keeps it; a plain object would drop it)',
      zip: () =>
        releaseZip(`{"name":"a","version":"1.0.0","checksums":{"__proto__":"${sha256('x')}"}}`, {
          __proto__: 'x',
        }),
      message: /checksums\.__proto__ names a file "__proto__", which this check cannot verify/,
    },
    {
      name: 'a zip entry whose name climbs out of the archive (../)',
      zip: () => releaseZip(manifest, { '../etc/passwd': 'x' }),
      message: /not a readable zip \(invalid relative path: \.\.\/etc\/passwd\)/,
    },
    {
      name: 'artifact not a zip',
      zip: () => new TextEncoder().encode('this is not a zip file at all'),
      message: /not a readable zip/,
    },
  ]

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const event = await jobFor(aws().clients.s3, testCase.zip(), {
        userParameters: testCase.userParameters,
      })
      const run = await invoke(handlerWith(testCase.config), event)
      expect(run.status).toBe('success')
      expect(run.status === 'success' && run.result.outcome).toBe('failed')
      const failure = failureOf()
      expect(failure.type).toBe('JobFailed')
      expect(failure.message).toMatch(testCase.message)
    })
  }
})

describe('configuration and access problems get their CodePipeline failure type', () => {
  it('UserParameters that are not JSON → ConfigurationError', async () => {
    const event = await jobFor(aws().clients.s3, releaseZip(manifest), {
      userParameters: 'dist/index.js',
    })
    await invoke(handlerWith(), event)
    expect(failureOf()).toMatchObject({
      type: 'ConfigurationError',
      message: expect.stringMatching(/UserParameters is not valid JSON/),
    })
  })

  it('unknown UserParameters keys → ConfigurationError naming them', async () => {
    const event = await jobFor(aws().clients.s3, releaseZip(manifest), {
      userParameters: '{"requiredFile": ["a"]}',
    })
    await invoke(handlerWith(), event)
    expect(failureOf()).toMatchObject({
      type: 'ConfigurationError',
      message: expect.stringMatching(/requiredFile/),
    })
  })

  it('an artifact that is not there → RevisionUnavailable', async () => {
    const event = await jobFor(aws().clients.s3, releaseZip(manifest))
    const location = event['CodePipeline.job'].data.inputArtifacts[0]?.location.s3Location
    if (location) location.objectKey = 'my-pipeline/BuildArtif/gone'
    await invoke(handlerWith(), event)
    expect(failureOf()).toMatchObject({
      type: 'RevisionUnavailable',
      message: expect.stringMatching(/does not exist/),
    })
  })

  it('an artifact above MAX_ARTIFACT_BYTES → JobFailed naming the limit', async () => {
    const event = await jobFor(aws().clients.s3, releaseZip(manifest, { big: 'x'.repeat(5000) }))
    await invoke(handlerWith({ maxArtifactBytes: 100 }), event)
    expect(failureOf().message).toMatch(/above the 100-byte limit/)
  })
})

describe('an unexpected error', () => {
  it('is still reported as a failure, and the handler succeeds', async () => {
    const event = await jobFor(aws().clients.s3, releaseZip(manifest))
    const run = await invoke(
      handlerWith({}, () => {
        throw new TypeError('boom')
      }),
      event,
    )
    expect(run.status).toBe('success')
    expect(failureOf()).toMatchObject({
      type: 'JobFailed',
      message: expect.stringMatching(
        /Unexpected error while checking the release \(TypeError: boom\)/,
      ),
    })
    expect(run.logs.some((line) => line.level === 'ERROR' && line.message.includes('boom'))).toBe(
      true,
    )
  })
})

describe('long checks continue through continuation tokens', () => {
  const continueWith = (previous: CodePipelineEvent, token: string) => {
    const artifact = previous['CodePipeline.job'].data.inputArtifacts[0]
    return codePipelineJob({
      jobId: crypto.randomUUID(),
      inputArtifacts: artifact ? [artifact] : [],
      continuationToken: token,
    })
  }

  it('reports in progress with a token carrying the state, and finishes on the re-invocation', async () => {
    const { files, checksums } = checkedRelease(5)
    const zip = releaseZip({ ...manifest, checksums }, files)
    const handler = handlerWith({ maxChecksPerInvocation: 2 })
    let event = await jobFor(aws().clients.s3, zip)
    const progress: number[] = []

    for (let round = 0; round < 10; round++) {
      aws().codePipeline.reset()
      const run = await invoke(handler, event)
      expect(run.status).toBe('success')
      const result = onlyResult()
      expect(result.operation).toBe('PutJobSuccessResult')
      const token = result.input.continuationToken as string | undefined
      if (token === undefined) {
        expect(result.input.outputVariables).toMatchObject({ version: '1.4.0' })
        break
      }
      expect(result.input.outputVariables).toBeUndefined()
      const state = decodeContinuationToken(token)
      expect(state.sha256).toBe(sha256(zip))
      progress.push(state.next)
      event = continueWith(event, token)
    }
    expect(progress).toEqual([2, 4])
  })

  it('fails with RevisionOutOfSync when the artifact changed between invocations', async () => {
    const { files, checksums } = checkedRelease(3)
    const first = await jobFor(aws().clients.s3, releaseZip({ ...manifest, checksums }, files))
    await invoke(handlerWith({ maxChecksPerInvocation: 1 }), first)
    const token = onlyResult().input.continuationToken as string
    aws().codePipeline.reset()

    const changed = await jobFor(
      aws().clients.s3,
      releaseZip({ ...manifest, checksums }, { ...files, extra: 'x' }),
      { continuationToken: token },
    )
    await invoke(handlerWith({ maxChecksPerInvocation: 1 }), changed)
    expect(failureOf()).toMatchObject({ type: 'RevisionOutOfSync' })
  })

  it('fails a job whose continuation token it did not issue', async () => {
    const event = await jobFor(aws().clients.s3, releaseZip(manifest), {
      continuationToken: 'A continuation token if continuing job',
    })
    await invoke(handlerWith(), event)
    expect(failureOf().message).toMatch(/continuation token is not one this function issued/)
  })
})
